// The tier view's state: the rule sets per marketplace and the customers per tier, re-tiered in the
// analytics worker the moment a rule changes. `rulesVersion` goes up only when the rules come from the
// store (first load, another dataset, a reset), never after the seller's own edit, so the editor is
// rebuilt from stored rules without ever overwriting what is being typed.
import type { TierRuleSet } from '../core/analytics/tiers.ts';
import { analytics, type TierProblem, type TierView } from '../workers/client.ts';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TiersState {
  view = $state.raw<TierView | null>(null);
  rulesVersion = $state(0);
  /** Why the rules being edited were refused; the counts shown are those of the last accepted rules. */
  problems = $state.raw<TierProblem[]>([]);
  loading = $state(false);
  loaded = $state(false);
  applying = $state(false);
  error = $state<string | null>(null);
  private request = 0;

  constructor(private readonly datasetId: () => string) {}

  private accept(mine: number, view: TierView, fromStore: boolean): boolean {
    if (mine !== this.request) return false;
    this.view = view;
    this.problems = [];
    this.error = null;
    if (fromStore) this.rulesVersion++;
    return true;
  }

  async refresh(): Promise<void> {
    const mine = ++this.request;
    this.loading = true;
    try {
      this.accept(mine, await analytics().tierView(this.datasetId()), true);
    } catch (error) {
      if (mine === this.request) this.error = `The tiers could not be computed: ${reason(error)}`;
    } finally {
      if (mine === this.request) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** Re-tiers with the edited rules and saves them; refused rules leave the stored ones in force. */
  async apply(ruleSets: TierRuleSet[], localProblems: TierProblem[] = []): Promise<void> {
    const mine = ++this.request;
    if (localProblems.length > 0) {
      this.problems = localProblems;
      this.applying = false;
      return;
    }
    this.applying = true;
    try {
      const outcome = await analytics().applyTierRules(this.datasetId(), $state.snapshot(ruleSets) as TierRuleSet[]);
      if (mine !== this.request) return;
      if (outcome.ok) this.accept(mine, outcome.view, false);
      else this.problems = outcome.problems;
    } catch (error) {
      if (mine === this.request) this.error = `The tiers could not be recomputed: ${reason(error)}`;
    } finally {
      if (mine === this.request) this.applying = false;
    }
  }

  async reset(): Promise<void> {
    const mine = ++this.request;
    try {
      this.accept(mine, await analytics().resetTierRules(this.datasetId()), true);
    } catch (error) {
      if (mine === this.request) this.error = `The default tiers could not be restored: ${reason(error)}`;
    }
  }
}
