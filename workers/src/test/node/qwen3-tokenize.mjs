// Tokenizes texts with Qwen3's tokenizer.json in transformers.js's implementation, and renders chats with Qwen3's
// own chat template: an independent check of the Java side (Qwen3TokenizerParityTest).
// Usage: node qwen3-tokenize.mjs DIR IN OUT. DIR holds tokenizer.json and tokenizer_config.json; IN is
// {"texts": [string], "chats": [[{"role", "content"}]]}; OUT gets {"ids": [[int]], "rendered": [string]}: the ids
// of each text with no special tokens added, and each chat as the template lays it out without a generation prompt.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Template } from "@huggingface/jinja";
import { TokenizerLoader } from "@lenml/tokenizers";

const [dir, input, output] = process.argv.slice(2);
const json = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const config = json("tokenizer_config.json");
const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON: json("tokenizer.json"), tokenizerConfig: config });
// @lenml/tokenizers' own Jinja engine cannot parse this template (a subscript after a call), so it renders with
// the engine that transformers.js uses now.
const template = new Template(config.chat_template);
const { texts, chats } = JSON.parse(readFileSync(input, "utf8"));
writeFileSync(output, JSON.stringify({
  ids: texts.map((text) => tokenizer.encode(text, { add_special_tokens: false })),
  rendered: chats.map((messages) => template.render({ messages, add_generation_prompt: false })),
}));
