// The "fast upstream" of the benchmark: an OpenAI-compatible endpoint that answers every chat completion at once
// with a fixed reply, so that what the benchmark measures is the path in front of it.
// Usage: node upstream.mjs PORT
import http from 'node:http';

const port = Number(process.argv[2] ?? 18090);
const reply = Buffer.from(JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 0, model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The answer is \\boxed{42}.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 40, completion_tokens: 8, total_tokens: 48 },
}));

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url.endsWith('/chat/completions')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length });
      res.end(reply);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`upstream listening on ${port}`));
