// The lifetime-value view: the models' fit (slow, kept in the analytics worker per dataset, currency,
// calibration end and time unit), the validation views of the chosen model, and the what-if figures, which
// re-sum the worker's cached per-customer terms and so follow the controls at once without a refit.
import {
  analytics, type AudienceName, type ClvFit, type ClvValidation, type ClvWhatIf, type TimeUnit, type TransactionModelName,
  type WarmPiece, type WhatIfRequest,
} from '../workers/client.ts';

/** CLV horizons (months) and "due to reorder" windows (days) the page offers; the worker prepares them all. */
export const HORIZON_CHOICES = [6, 12, 24, 36, 60] as const;
export const DUE_CHOICES = [7, 14, 30, 60, 90] as const;
export const MODEL_ORDER: readonly TransactionModelName[] = ['bgnbd', 'paretoNbd', 'mbgnbd'];

/** The worker's answer when a fit it was asked about is no longer in memory (see clv-api.ts STALE_FIT). */
const STALE_FIT = 'stale-fit';

/** The traditional formula's inputs other than CAC, which the what-if shares with the model figures. */
export interface TraditionalInputs {
  averageOrderValue: number;
  purchasesPerYear: number;
  lifespanYears: number;
}

/** CLV terms grown two months at a time, then expected purchases per horizon and purchase chances per window. */
function warmPieces(): WarmPiece[] {
  const pieces: WarmPiece[] = [];
  for (let months = 14; months <= Math.max(...HORIZON_CHOICES); months += 2) pieces.push({ clvMonths: months });
  for (const months of HORIZON_CHOICES) pieces.push({ purchaseDays: months * 30 });
  for (const days of DUE_CHOICES) pieces.push({ dueDays: days });
  return pieces;
}

/**
 * The fit period a dataset opens on. The bundled CDNOW sample ('cdnow', the `load-cdnow` demo) opens on the
 * setup its published values refer to (Fader, Hardie & Lee 2005): calibration to 1997-09-30 (39 weeks),
 * times in weeks, the 39 weeks after it held out. Any other dataset opens on all its purchases.
 */
const OPENING_FIT_PERIOD: Readonly<Record<string, { calibrationEnd: string; timeUnit: TimeUnit }>> = {
  cdnow: { calibrationEnd: '1997-09-30', timeUnit: 'week' },
};

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ClvState {
  currency = $state<string | null>(null);
  /** `YYYY-MM-DD`: the models are fitted on purchases up to this day, the rest is the holdout; null: all. */
  calibrationEnd = $state<string | null>(null);
  timeUnit = $state<TimeUnit>('week');
  model = $state<TransactionModelName>('bgnbd');
  horizonMonths = $state(12);
  discountMonthly = $state(0.01);
  dueWithinDays = $state(30);
  acquisitionCost = $state(0);
  traditional = $state<TraditionalInputs | null>(null);

  fit = $state.raw<ClvFit | null>(null);
  validation = $state.raw<ClvValidation | null>(null);
  whatIf = $state.raw<ClvWhatIf | null>(null);
  fitting = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  validationError = $state<string | null>(null);
  whatIfError = $state<string | null>(null);
  exporting = $state<AudienceName | null>(null);
  exportStatus = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);

  private fitSeq = 0;
  private whatIfSeq = 0;
  private validationSeq = 0;
  private fittedDataset: string | null = null;
  /** The dataset whose opening fit period the controls were set to; a choice made after that is kept. */
  private periodDataset: string | null = null;

  constructor(private readonly datasetId: () => string) {}

  get whatIfOptions(): WhatIfRequest {
    return { horizonMonths: this.horizonMonths, discountMonthly: this.discountMonthly, dueWithinDays: this.dueWithinDays };
  }

  /** Fits (or takes the worker's cached fit) and then brings the what-if and validation views up to date. */
  async refresh(): Promise<void> {
    const datasetId = this.datasetId();
    if (this.fittedDataset !== null && this.fittedDataset !== datasetId) {
      // Another dataset: its currencies and dates have nothing to do with the last one's.
      this.currency = null;
      this.calibrationEnd = null;
    }
    if (this.periodDataset !== datasetId) {
      this.periodDataset = datasetId;
      const opening = OPENING_FIT_PERIOD[datasetId];
      if (opening) {
        this.calibrationEnd = opening.calibrationEnd;
        this.timeUnit = opening.timeUnit;
      }
    }
    const seq = ++this.fitSeq;
    this.fitting = true;
    try {
      const fit = await analytics().clvFit(datasetId, { currency: this.currency ?? undefined, calibrationEnd: this.calibrationEnd, timeUnit: this.timeUnit });
      if (seq !== this.fitSeq) return;
      const changed = fit?.key !== this.fit?.key;
      this.fit = fit;
      this.fittedDataset = datasetId;
      this.error = null;
      if (!fit) {
        this.whatIf = null;
        this.validation = null;
        return;
      }
      this.currency = fit.currency;
      if (!fit.models[this.model].ok) this.model = MODEL_ORDER.find((m) => fit.models[m].ok) ?? this.model;
      if (changed || !this.traditional) this.resetTraditional();
      await this.recompute();
      await this.validate();
    } catch (error) {
      if (seq === this.fitSeq) this.error = `The models could not be fitted: ${reason(error)}`;
    } finally {
      if (seq === this.fitSeq) {
        this.fitting = false;
        this.loaded = true;
      }
    }
  }

  /** A new fit period or time unit (a refit, cached per choice). */
  async setFitPeriod(calibrationEnd: string | null, timeUnit: TimeUnit): Promise<void> {
    this.calibrationEnd = calibrationEnd;
    this.timeUnit = timeUnit;
    await this.refresh();
  }

  async setCurrency(currency: string): Promise<void> {
    this.currency = currency;
    await this.refresh();
  }

  async chooseModel(model: TransactionModelName): Promise<void> {
    this.model = model;
    this.validation = null;
    await Promise.all([this.recompute(), this.validate()]);
  }

  async setWhatIf(change: Partial<WhatIfRequest>): Promise<void> {
    if (change.horizonMonths !== undefined) this.horizonMonths = change.horizonMonths;
    if (change.discountMonthly !== undefined) this.discountMonthly = change.discountMonthly;
    if (change.dueWithinDays !== undefined) this.dueWithinDays = change.dueWithinDays;
    await this.recompute();
  }

  /** The formula's inputs from the data, to cents and hundredths: the inputs shown are the ones used. */
  resetTraditional(): void {
    const t = this.fit?.traditional;
    const round = (v: number) => Math.round(v * 100) / 100;
    this.traditional = t ? { averageOrderValue: round(t.averageOrderValue), purchasesPerYear: round(t.purchasesPerYear), lifespanYears: round(t.lifespanYears) } : null;
  }

  /** CLV and audience sizes for the current what-if, from the cached fit (no refit). */
  async recompute(): Promise<void> {
    const fit = this.fit;
    const seq = ++this.whatIfSeq;
    if (!fit || !fit.models[this.model].ok) {
      this.whatIf = null;
      return;
    }
    try {
      const result = await analytics().clvWhatIf(fit.key, this.model, this.whatIfOptions);
      if (seq !== this.whatIfSeq) return;
      this.whatIf = result;
      this.whatIfError = null;
    } catch (error) {
      if (reason(error).includes(STALE_FIT)) await this.refresh();
      else if (seq === this.whatIfSeq) this.whatIfError = `The predictions could not be computed: ${reason(error)}`;
    }
  }

  private async validate(): Promise<void> {
    const fit = this.fit;
    const seq = ++this.validationSeq;
    if (!fit || !fit.models[this.model].ok) {
      this.validation = null;
      return;
    }
    try {
      const result = await analytics().clvValidation(fit.key, this.model);
      if (seq !== this.validationSeq) return;
      this.validation = result;
      this.validationError = null;
      // Then the terms of every what-if choice, in small pieces (see clvWarm), while nothing else changes.
      for (const piece of warmPieces()) {
        if (seq !== this.validationSeq) return;
        await analytics().clvWarm(fit.key, this.model, piece);
      }
    } catch (error) {
      if (reason(error).includes(STALE_FIT)) await this.refresh();
      else if (seq === this.validationSeq) this.validationError = `The model checks could not be computed: ${reason(error)}`;
    }
  }

  /** Saves one audience as a CSV file (made in the worker, cells neutralised against spreadsheet formulas). */
  async exportAudience(audience: AudienceName): Promise<void> {
    const fit = this.fit;
    if (!fit) return;
    this.exporting = audience;
    this.exportStatus = null;
    try {
      const { fileName, csv, rows } = await analytics().clvAudienceCsv(fit.key, this.model, audience, this.whatIfOptions);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.exportStatus = { kind: 'ok', text: `Saved ${fileName}: ${rows.toLocaleString('en-US')} customers.` };
    } catch (error) {
      this.exportStatus = { kind: 'error', text: `The audience could not be exported: ${reason(error)}` };
    } finally {
      this.exporting = null;
    }
  }
}
