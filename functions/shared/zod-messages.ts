/**
 * zod/mini ships without error messages (that is part of why it is small); the per-field reasons of a
 * problem+json answer and of a dead-lettered event are read by people, so the English messages are
 * configured once here. Every module that parses an edge imports this module for its side effect.
 * (The English locale is imported by itself: `z.locales.en` would bundle every language.)
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
