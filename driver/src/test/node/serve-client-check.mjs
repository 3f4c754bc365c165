// Drives a served Trinity coordinator with the official OpenAI Node client and prints what it saw as one JSON
// object. Usage: node serve-client-check.mjs INPUT.json   (the bearer token in SERVE_TOKEN)
// INPUT: {baseURL, model, question, heldOut: [{task_id, question, format}], heldOutSeed}
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { baseURL, model, question } = input;
const client = new OpenAI({ baseURL, apiKey: process.env.SERVE_TOKEN, maxRetries: 0, timeout: 60000 });
const messages = [
  { role: 'system', content: 'Answer carefully.' },
  { role: 'user', content: question },
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
out.models = [];
for await (const m of client.models.list()) {
  out.models.push({ id: m.id, owned_by: m.owned_by });
}

const plain = await client.chat.completions.create({ model, messages, seed: 5,
  trinity: { include_transcript: true } });
out.plain = { object: plain.object, model: plain.model, content: plain.choices[0].message.content,
  finish_reason: plain.choices[0].finish_reason, usage: plain.usage, trinity: plain.trinity };

const stream = await client.chat.completions.create({ model, messages, seed: 5, stream: true,
  stream_options: { include_usage: true } });
const streamed = { events: [], content: '', reasoning: [], turns: [], usage: null, finish_reason: null, chunks: 0 };
for await (const chunk of stream) {
  streamed.chunks++;
  if (chunk.trinity?.turn) streamed.turns.push(chunk.trinity.turn);
  if (chunk.usage) {
    streamed.usage = chunk.usage;
    streamed.events.push('usage');
  }
  for (const choice of chunk.choices) {
    const delta = choice.delta ?? {};
    if (delta.role) streamed.events.push('role');
    if (delta.reasoning_content) {
      streamed.events.push('reasoning');
      streamed.reasoning.push({ text: delta.reasoning_content, turn: chunk.trinity?.turn ?? null });
    }
    if (delta.content) {
      streamed.events.push('content');
      streamed.content += delta.content;
    }
    if (choice.finish_reason) {
      streamed.finish_reason = choice.finish_reason;
      streamed.events.push('finish');
    }
  }
}
out.streamed = streamed;

// The same question through the Responses API: plain, then streamed with the client's stream helper, which
// checks the event sequence as it accumulates the response.
const response = await client.responses.create({ model, instructions: 'Answer carefully.', input: question,
  trinity: { seed: 5 } });
out.responses = { object: response.object, status: response.status, model: response.model,
  output_text: response.output_text, output_types: response.output.map(o => o.type), usage: response.usage };
const responseStream = client.responses.stream({ model, instructions: 'Answer carefully.',
  input: [{ role: 'user', content: [{ type: 'input_text', text: question }] }], trinity: { seed: 5 } });
const responseEvents = [];
let responseText = '';
const reasoningDeltas = {};
const itemsDone = [];
for await (const event of responseStream) {
  responseEvents.push(event.type);
  if (event.type === 'response.output_text.delta') responseText += event.delta;
  if (event.type === 'response.reasoning_text.delta') {
    reasoningDeltas[event.item_id] = (reasoningDeltas[event.item_id] ?? '') + event.delta;
  }
  if (event.type === 'response.output_item.done') {
    itemsDone.push({ type: event.item.type, id: event.item.id, turn: event.trinity?.turn ?? null });
  }
}
const finalResponse = await responseStream.finalResponse();
out.responsesStreamed = { events: responseEvents, text: responseText, output_text: finalResponse.output_text,
  status: finalResponse.status, usage: finalResponse.usage, output_types: finalResponse.output.map(o => o.type),
  items_done: itemsDone,
  reasoning: finalResponse.output.filter(o => o.type === 'reasoning').map(o => ({ id: o.id,
    text: o.content?.[0]?.text ?? null, deltas: reasoningDeltas[o.id] ?? null })) };
out.responsesUnknownModel = await failure(() => client.responses.create({ model: 'no-such-model', input: question }));

// The held-out questions, replayed with the evaluation's task ids and seed, a few at a time.
out.heldOut = new Array(input.heldOut.length);
let next = 0;
async function lane() {
  while (next < input.heldOut.length) {
    const i = next++;
    const q = input.heldOut[i];
    const reply = await client.chat.completions.create({ model, seed: input.heldOutSeed,
      messages: [{ role: 'user', content: q.question }],
      trinity: { task_id: q.task_id, answer_format: q.format } });
    out.heldOut[i] = { task_id: q.task_id, content: reply.choices[0].message.content,
      turns: reply.usage.trinity.turns.map(t => [t.model, t.role]) };
  }
}
await Promise.all([lane(), lane(), lane(), lane()]);

out.unknownModel = await failure(() => client.chat.completions.create({ model: 'no-such-model', messages }));
out.noToken = await failure(() => new OpenAI({ baseURL, apiKey: 'wrong-token', maxRetries: 0 })
  .chat.completions.create({ model, messages }));
out.badBody = await failure(() => client.chat.completions.create({ model,
  messages: [{ role: 'user', content: question }, { role: 'assistant', content: 'an answer' }] }));

process.stdout.write(JSON.stringify(out) + '\n');
