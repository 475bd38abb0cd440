import { describe, expect, it } from 'vitest';
import { commandsAboveBlock } from '../../../src/doctor/block-first.js';
import { BLOCK_END, BLOCK_START } from '../../../src/install/hook-script.js';

const block = `${BLOCK_START}\nreview-hook pre-push "$@"\n${BLOCK_END}\n`;

describe('commandsAboveBlock', () => {
  it.each([
    [`#!/bin/sh\n${block}npm test\n`, []],
    [`${block}`, []],
    [`#!/usr/bin/env sh\n\n# comments are fine\n   \n${block}`, []],
    [`#!/bin/sh\nnpx lint-staged\n${block}`, ['npx lint-staged']],
    [`npm test\r\n# note\r\nread refs\r\n${block.replace(/\n/g, '\r\n')}`, ['npm test', 'read refs']],
    ['#!/bin/sh\nnpm test\n', null],
  ])('%j → %j', (text, expected) => {
    expect(commandsAboveBlock(text)).toEqual(expected);
  });
});
