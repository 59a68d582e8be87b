/**
 * The rule registry. One rule, one file; the file name is the rule id.
 */
import type { Rule } from './types.js';
// Few-shot structure rules (issue: core)
import answerPositionSkew from './answer-position-skew.js';
import labelImbalance from './label-imbalance.js';
import recencyRun from './recency-run.js';
import suggestedAnswer from './suggested-answer.js';
import rationaleAnswerMismatch from './rationale-answer-mismatch.js';
import optionLengthCue from './option-length-cue.js';
// Demographic rules (issue: stereotype and demographic rules)
import genderedTerm from './gendered-term.js';
import genderedPronounDefault from './gendered-pronoun-default.js';
import stereotypeTemplate from './stereotype-template.js';
import missingUnknownOption from './missing-unknown-option.js';
import protectedAttributeInDecision from './protected-attribute-in-decision.js';
import demographicImbalance from './demographic-imbalance.js';
import agenticCommunalSkew from './agentic-communal-skew.js';

export const allRules: Rule<any>[] = [
  // structure
  answerPositionSkew,
  labelImbalance,
  recencyRun,
  suggestedAnswer,
  rationaleAnswerMismatch,
  optionLengthCue,
  // demographic
  genderedTerm,
  genderedPronounDefault,
  stereotypeTemplate,
  missingUnknownOption,
  protectedAttributeInDecision,
  demographicImbalance,
  agenticCommunalSkew,
];

export const ruleById = new Map<string, Rule<any>>(allRules.map((r) => [r.meta.id, r]));

/** Diagnostics the engine itself produces; they have docs pages and SARIF entries like rules. */
export const PSEUDO_RULES = [
  {
    id: 'parse-error',
    description: 'The file could not be fully parsed (malformed YAML, JSON or JSONL); the rest of the file is still linted.',
    defaultSeverity: 'error' as const,
  },
  {
    id: 'file-error',
    description: 'The file could not be linted at all: unreadable, binary, not valid in its encoding, or larger than maxFileSize.',
    defaultSeverity: 'error' as const,
  },
];
