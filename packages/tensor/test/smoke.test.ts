import { expect, test } from 'vitest';
import { VERSION } from '../src/index';
test('smoke', () => expect(VERSION).toBe('0.0.0'));
