import type { NearChance } from '@/lib/dashboard/near-chance';
import { NEAR_CHANCE_AUC } from '@/lib/dashboard/near-chance';

/**
 * Says plainly that the queue's order is still close to random while every active model is
 * near chance, and roughly what it takes: models trained from scratch learn little from the
 * first couple of hundred labels; a frozen ImageNet ResNet50 learns from far fewer.
 */
export function NearChanceNotice({ nearChance }: { nearChance: NearChance | null }) {
  if (!nearChance) return null;
  return (
    <div
      role="note"
      className="rounded-lg border border-amber-700 bg-amber-950/40 p-4 text-sm text-amber-100"
      data-testid="near-chance"
    >
      <p className="font-medium">The review order is still close to random.</p>
      <p className="mt-1">
        The active models ({nearChance.versions.join(', ')}) score a validation macro AUC under {NEAR_CHANCE_AUC} after{' '}
        {nearChance.labelCount} labels, so the queue ranks scans little better than chance. Models trained from scratch
        typically need a few hundred labels before their uncertainty means much (the CNN learnt little before about 250
        labels on the synthetic CT benchmark); the ImageNet ResNet50 with a frozen backbone learns from far fewer, so
        consider it in Settings.
      </p>
    </div>
  );
}
