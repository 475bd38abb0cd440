// What a chat request carries besides the messages, and how it adapts when an endpoint says (with
// a 400) that it does not accept part of it. OpenAI's reasoning models reject temperature and
// max_tokens; many compatible servers lack json_schema, some know only max_tokens.
import type { StructuredOutputMode } from '../config/types.js';
import type { ChatMessage } from '../prompt/build-prompt.js';
import { jsonSchemaResponseFormat } from './review-schema.js';

import type { OutputMode } from '../domain/lists.js';

export type { OutputMode } from '../domain/lists.js';

export interface RequestShape {
  mode: OutputMode;
  tokenParam: 'max_completion_tokens' | 'max_tokens' | null;
  temperature: boolean;
}

/** gpt-5 family and o-series (o1, o3, o4-mini …), also behind a provider prefix ("openai/o3"). */
export function isReasoningModel(model: string): boolean {
  const bare = model.trim().toLowerCase().split('/').pop() ?? '';
  return /^(o\d|gpt-5)/.test(bare);
}

export function initialShape(model: string, structuredOutput: StructuredOutputMode): RequestShape {
  return {
    mode: structuredOutput === 'auto' ? 'json_schema' : structuredOutput,
    // max_completion_tokens is OpenAI's current name and the only one reasoning models take.
    tokenParam: 'max_completion_tokens',
    temperature: !isReasoningModel(model),
  };
}

/** Reasoning models spend output tokens on thinking before the answer, so they get more room. */
export function defaultMaxOutputTokens(model: string): number {
  return isReasoningModel(model) ? 32_768 : 4_096;
}

export function requestBody(
  model: string,
  messages: readonly ChatMessage[],
  shape: RequestShape,
  maxOutputTokens: number,
  /** The json_schema `response_format` of the answer asked for; the review's by default. */
  schemaFormat: Record<string, unknown> = jsonSchemaResponseFormat(),
): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages };
  if (shape.temperature) body.temperature = 0;
  if (shape.tokenParam !== null) body[shape.tokenParam] = maxOutputTokens;
  if (shape.mode === 'json_schema') body.response_format = schemaFormat;
  else if (shape.mode === 'json_object') body.response_format = { type: 'json_object' };
  return body;
}

export interface RejectedRequest {
  /** The server's message, and the param it names when it names one. */
  message: string;
  param: string | null;
  code: string | null;
}

/**
 * The next shape to try after a 400/422, with a note for the user; null when changing the request
 * cannot help (then the error stands). Each adjustment happens at most once per parameter.
 */
export function adaptShape(
  shape: RequestShape,
  rejected: RejectedRequest,
  structuredOutput: StructuredOutputMode,
  /** false for servers known to refuse json_object (LM Studio): a rejected json_schema goes straight to text. */
  jsonObject = true,
): { shape: RequestShape; note: string } | null {
  const text = `${rejected.param ?? ''} ${rejected.code ?? ''} ${rejected.message}`.toLowerCase();
  if (/context[ _-]?length|maximum context|context window|too many tokens|prompt is too long/.test(text)) return null;
  if (shape.tokenParam === 'max_completion_tokens' && text.includes('max_completion_tokens')) {
    return { shape: { ...shape, tokenParam: 'max_tokens' }, note: 'the endpoint does not take max_completion_tokens; sending max_tokens' };
  }
  if (shape.tokenParam === 'max_tokens' && text.includes('max_tokens')) {
    return { shape: { ...shape, tokenParam: null }, note: 'the endpoint does not take max_tokens; sending no output limit' };
  }
  if (shape.temperature && text.includes('temperature')) {
    return { shape: { ...shape, temperature: false }, note: 'the model does not take temperature 0; using its default' };
  }
  if (structuredOutput === 'auto' && shape.mode === 'json_schema' && !jsonObject) {
    return {
      shape: { ...shape, mode: 'none' },
      note: 'the endpoint rejected json_schema output and takes no json_object; asking for plain text',
    };
  }
  if (structuredOutput === 'auto' && shape.mode === 'json_schema') {
    return { shape: { ...shape, mode: 'json_object' }, note: 'the endpoint rejected json_schema output; trying json_object' };
  }
  if (structuredOutput === 'auto' && shape.mode === 'json_object') {
    return { shape: { ...shape, mode: 'none' }, note: 'the endpoint rejected json_object output; asking for plain text' };
  }
  return null;
}
