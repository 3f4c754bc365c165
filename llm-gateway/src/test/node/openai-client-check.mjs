// Drives a Trinity gateway with the official OpenAI Node client and prints what it saw as one JSON object.
// Usage: node openai-client-check.mjs BASE_URL MODEL PROMPT   (the bearer token, if any, in GATEWAY_TOKEN)
import OpenAI from 'openai';

const [baseURL, model, prompt] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: process.env.GATEWAY_TOKEN || 'none', maxRetries: 0 });
const messages = [
  { role: 'system', content: 'You are the Worker in a team of language models.\nDo your part of the job well.' },
  { role: 'user', content: prompt },
];

async function failure(call) {
  try {
    await call();
    return { thrown: false };
  } catch (e) {
    return { thrown: true, class: e.constructor.name, status: e.status, code: e.code ?? null,
      param: e.param ?? null, type: e.type ?? null, message: e.message };
  }
}

const out = {};
const models = [];
for await (const m of client.models.list()) {
  models.push({ id: m.id, owned_by: m.owned_by });
}
out.models = models;

const plain = await client.chat.completions.create({ model, messages, seed: 11 });
out.plain = { content: plain.choices[0].message.content, finish_reason: plain.choices[0].finish_reason,
  usage: plain.usage, object: plain.object };

const stream = await client.chat.completions.create({ model, messages, seed: 11, stream: true,
  stream_options: { include_usage: true } });
let content = '';
let chunks = 0;
let finishReason = null;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) {
    content += choice.delta?.content ?? '';
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
}
out.streamed = { content, chunks, finish_reason: finishReason, usage };

out.unknownModel = await failure(() => client.chat.completions.create({ model: 'no-such-model', messages }));
out.badRequest = await failure(() => client.chat.completions.create({ model, messages: [] }));
out.badRole = await failure(() => client.chat.completions.create({ model,
  messages: [{ role: 'wizard', content: 'hi' }] }));
out.wrongToken = await failure(() => new OpenAI({ baseURL, apiKey: 'wrong-token', maxRetries: 0 })
  .chat.completions.create({ model, messages }));

process.stdout.write(JSON.stringify(out) + '\n');
