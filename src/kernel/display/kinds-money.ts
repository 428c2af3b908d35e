/**
 * Recognising the money values by shape: the portfolio summary and the risk usage by `kind`, a venue's
 * account state by its event `type` (the AccountState event). Duck-typed, as in kinds.ts: the values may
 * come from a mirror (a node in another process) as plain objects.
 */

export interface PortfolioSummaryLike {
  readonly kind: 'PortfolioSummary';
  readonly instruments: readonly {
    readonly instrumentId: string;
    readonly netQty: string;
    readonly avgPx: string | null;
    readonly realizedPnl: string;
    readonly unrealizedPnl: string | null;
    readonly totalPnl: string | null;
    readonly exposure: string | null;
    readonly mark: string | null;
    readonly markSource: string | null;
  }[];
  readonly currencies: readonly {
    readonly currency: string;
    readonly realizedPnl: string;
    readonly unrealizedPnl: string;
    readonly totalPnl: string;
    readonly exposure: string;
    readonly dayPnl: string;
    readonly equity: string | null;
    readonly marginUsed: string | null;
  }[];
  readonly tsEvent: unknown;
}

export interface RiskUsageLike {
  readonly kind: 'RiskUsage';
  readonly tradingState: string;
  readonly reason: string | null;
  readonly limits: readonly { readonly limit: string; readonly used: string; readonly max: string; readonly fraction: number | null }[];
}

/** The AccountState event's fields the view reads (amounts may be Decimals or strings). */
export interface AccountStateLike {
  readonly type: 'AccountState';
  readonly accountId: unknown;
  readonly venue: unknown;
  readonly accountType: unknown;
  readonly balances: readonly { readonly currency: unknown; readonly total: unknown; readonly locked: unknown; readonly free: unknown }[];
  readonly margins?: readonly { readonly instrumentId: unknown; readonly initial: unknown; readonly maintenance: unknown; readonly leverage: unknown }[];
  readonly leverage?: unknown;
  readonly reported?: unknown;
  readonly tsEvent?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isPortfolioSummary(value: unknown): value is PortfolioSummaryLike {
  return isObject(value) && value['kind'] === 'PortfolioSummary' && Array.isArray(value['instruments']) && Array.isArray(value['currencies']);
}

export function isRiskUsage(value: unknown): value is RiskUsageLike {
  return isObject(value) && value['kind'] === 'RiskUsage' && typeof value['tradingState'] === 'string' && Array.isArray(value['limits']);
}

export function isAccountState(value: unknown): value is AccountStateLike {
  return isObject(value) && value['type'] === 'AccountState' && Array.isArray(value['balances']);
}
