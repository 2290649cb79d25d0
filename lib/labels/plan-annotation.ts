import { AppError } from '@/lib/errors/app-error';
import { hasRole, type Role } from '@/lib/auth/roles';
import type { Annotation, AnnotationAction, AnnotationSource, AnnotationValue } from './annotation';
import { sameValue } from './annotation';
import { REFERENCE_CHAIN, chainHead, chainRows, hasAuthored, readChainKey, readCount, undoValue } from './chains';
import { intentChain, type AnnotationIntent } from './intent';
import { assertValidLabels, orderLabels, predictedLabels, type LabelSet } from './label-set';
import { canSeeOthers } from './visibility';

export interface PlanInput {
  intent: AnnotationIntent;
  /** The head of the target chain as the client last saw it (null: the chain is empty). */
  supersedesId: string | null;
  /** Every row of the scan, as committed now. */
  rows: readonly Annotation[];
  user: { id: string; role: Role };
  project: LabelSet & { blindMode: boolean; readsPerScan: number };
  /** The prediction the intent names, when it names one that belongs to the scan. */
  prediction: { id: string; probabilities: readonly number[] } | null;
}

export interface PlannedAnnotation {
  source: AnnotationSource;
  action: AnnotationAction;
  value: AnnotationValue | null;
  supersedesId: string | null;
  predictionId: string | null;
}

/**
 * Turns an intent into the row to append, or throws: STALE when the client edits a
 * chain head that is no longer the latest, FORBIDDEN for what the role or blind mode
 * does not allow, BAD_REQUEST for an answer the project does not accept.
 */
export function planAnnotation(input: PlanInput): PlannedAnnotation {
  const { intent, rows, user, project } = input;
  const chain = intentChain(intent);
  if (chain === 'reference' && !hasRole(user.role, 'CLINICIAN')) {
    throw new AppError({ code: 'FORBIDDEN', message: 'Adjudication needs the CLINICIAN role in this project.' });
  }
  const key = chain === 'reference' ? REFERENCE_CHAIN : readChainKey(user.id);
  const head = chainHead(rows, key);
  if ((head?.id ?? null) !== input.supersedesId) {
    const what = chain === 'reference' ? 'The reference label' : 'Your read';
    const now = head?.value ? head.value.labels.join(', ') : 'no label';
    throw new AppError({
      code: 'STALE',
      message: `${what} of this scan changed since you last saw it (now: ${now}). Showing the latest; press again to change it.`,
    });
  }
  const predictionId = 'predictionId' in intent ? (intent.predictionId ?? null) : null;
  if (predictionId) assertPredictionVisible(input, predictionId);
  const value = (labels: readonly string[]): AnnotationValue => {
    assertValidLabels(labels, project);
    return { labels: orderLabels(labels, project) };
  };
  const supersedesId = head?.id ?? null;

  switch (intent.kind) {
    case 'label':
      return {
        source: 'HUMAN',
        action: head ? 'CORRECT' : 'LABEL',
        value: value(intent.labels),
        supersedesId,
        predictionId,
      };
    case 'accept': {
      const labels = predictedLabels(input.prediction?.probabilities ?? [], project);
      return {
        source: 'PREDICTION_ACCEPTED',
        action: 'ACCEPT_PREDICTION',
        value: { labels },
        supersedesId,
        predictionId,
      };
    }
    case 'reject': {
      const v = value(intent.labels);
      if (sameValue(v, { labels: predictedLabels(input.prediction?.probabilities ?? [], project) })) {
        throw new AppError({
          code: 'BAD_REQUEST',
          message: "That is the model's answer: accept it (A) instead of rejecting it.",
        });
      }
      return { source: 'HUMAN', action: 'REJECT_PREDICTION', value: v, supersedesId, predictionId };
    }
    case 'adjudicate':
      return {
        source: 'ADJUDICATION',
        action: 'ADJUDICATE',
        value: value(intent.labels),
        supersedesId,
        predictionId: null,
      };
    case 'undo': {
      const previous = undoValue(chainRows(rows, key));
      if (previous === undefined) throw new AppError({ code: 'BAD_REQUEST', message: 'Nothing to undo on this scan.' });
      return {
        source: chain === 'reference' ? 'ADJUDICATION' : 'HUMAN',
        action: 'UNDO',
        value: previous,
        supersedesId,
        predictionId: null,
      };
    }
    default: {
      const never: never = intent;
      throw new AppError({ code: 'BAD_REQUEST', message: `Unknown intent ${JSON.stringify(never)}` });
    }
  }
}

function assertPredictionVisible(input: PlanInput, predictionId: string): void {
  if (input.prediction?.id !== predictionId) {
    throw new AppError({ code: 'NOT_FOUND', message: 'That prediction does not belong to this scan.' });
  }
  const visible = canSeeOthers({
    blindMode: input.project.blindMode,
    authored: hasAuthored(input.rows, input.user.id),
    role: input.user.role,
    readCount: readCount(input.rows),
    readsPerScan: input.project.readsPerScan,
  });
  if (!visible) {
    throw new AppError({
      code: 'FORBIDDEN',
      message: 'Predictions stay hidden until you submit your own read (blind mode).',
    });
  }
}
