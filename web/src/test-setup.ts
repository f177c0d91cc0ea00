// Vitest setup: DOM matchers-free; cleans the rendered tree after each test.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

afterEach(() => cleanup());
