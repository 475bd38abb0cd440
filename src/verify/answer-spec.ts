// How a verification answer is asked for and read, for the shared client (transport/chat-completions/client.ts): the
// structured-output format, and the parser that turns the answer into verdicts.
import type { AnswerSpec } from '../llm/answer-spec.js';
import { parseVerdicts } from './parse-verdicts.js';
import { verificationResponseFormat, type FindingVerdict } from './verdict-schema.js';

export const verificationSpec: AnswerSpec<FindingVerdict[]> = {
  responseFormat: verificationResponseFormat,
  parse(content, finishReason, refusal) {
    const parsed = parseVerdicts(content, finishReason, refusal);
    return parsed.ok ? { ok: true, value: parsed.verdicts, format: 'json' } : parsed;
  },
};
