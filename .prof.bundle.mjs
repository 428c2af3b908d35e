// ../../work/keel-E/src/engine/core/errors.ts
var EngineError = class extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
  code;
  details;
  name = "EngineError";
  toJSON() {
    return { code: this.code, message: this.message, details: this.details };
  }
};
function isEngineError(value) {
  return value instanceof EngineError;
}
function describeValue(value) {
  if (typeof value === "string") return `'${value}' (string)`;
  if (typeof value === "bigint") return `${value}n (bigint)`;
  if (value === null) return "null";
  if (value === void 0) return "undefined";
  if (typeof value === "object") return `${Object.prototype.toString.call(value)}`;
  return `${String(value)} (${typeof value})`;
}
var VENUE_EVENT_CONTRADICTS_ORDER = "VENUE_EVENT_CONTRADICTS_ORDER";
var VENUE_EVENT_CANCEL_UNCONFIRMED = "VENUE_EVENT_CANCEL_UNCONFIRMED";

// ../../work/keel-E/src/engine/core/decimal.ts
var MAX_PRECISION = 16;
var POW10 = [];
for (let i = 0; i <= MAX_PRECISION * 2 + 2; i++) POW10.push(10n ** BigInt(i));
function pow10(n) {
  return POW10[n] ?? 10n ** BigInt(n);
}
var DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
function parseDecimal(kind, input, precision) {
  if (precision === void 0) {
    const simple = parsePlainDigits(input);
    if (simple !== void 0) return simple;
  }
  const m = DECIMAL_RE.exec(input.trim());
  if (!m) {
    throw new EngineError("DECIMAL_INVALID", `${kind}: expected a decimal number, received ${describeValue(input)}`, {
      kind,
      received: input
    });
  }
  const sign = m[1] === "-" ? -1n : 1n;
  let intPart = m[2];
  let frac = m[3] ?? "";
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const shift = frac.padEnd(exp, "0");
    intPart += shift.slice(0, exp);
    frac = shift.slice(exp);
  } else if (exp < 0) {
    const padded = intPart.padStart(-exp + 1, "0");
    frac = padded.slice(padded.length + exp) + frac;
    intPart = padded.slice(0, padded.length + exp);
  }
  let digits = frac.length;
  if (precision === void 0) {
    precision = digits;
  } else if (digits > precision) {
    const extra = frac.slice(precision);
    if (/[^0]/.test(extra)) {
      throw new EngineError(
        "DECIMAL_TOO_PRECISE",
        `${kind}: expected at most ${precision} decimal places, received '${input}' (${digits})`,
        { kind, received: input, precision }
      );
    }
    frac = frac.slice(0, precision);
    digits = precision;
  }
  if (precision > MAX_PRECISION) {
    throw new EngineError("DECIMAL_TOO_PRECISE", `${kind}: expected a precision of at most ${MAX_PRECISION}, received ${precision}`, {
      kind,
      received: input,
      precision
    });
  }
  const raw = sign * BigInt(intPart + frac.padEnd(precision, "0") || "0");
  return { raw, precision };
}
function parsePlainDigits(input) {
  const n = input.length;
  if (n === 0 || n > 16) return void 0;
  let value = 0;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c === 46) {
      if (dot >= 0 || i === 0) return void 0;
      dot = i;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits += 1;
    } else {
      return void 0;
    }
  }
  if (digits > 15) return void 0;
  return { raw: BigInt(value), precision: dot < 0 ? 0 : n - dot - 1 };
}
function formatRaw(raw, precision) {
  const neg = raw < 0n;
  let s = (neg ? -raw : raw).toString();
  if (precision > 0) {
    s = s.padStart(precision + 1, "0");
    s = `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
  }
  return neg ? `-${s}` : s;
}
function divRound(n, d) {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const ad = d < 0n ? -d : d;
  if (twice >= ad) return q + (n < 0n !== d < 0n ? -1n : 1n);
  return q;
}
var Decimal = class _Decimal {
  constructor(raw, precision) {
    this.raw = raw;
    this.precision = precision;
  }
  raw;
  precision;
  static kind = "Decimal";
  static from(value, precision) {
    const kind = this.kind;
    if (value instanceof _Decimal) {
      const p = precision ?? value.precision;
      return new this(rescale(kind, value.raw, value.precision, p), p);
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) {
        throw new EngineError("DECIMAL_INVALID", `${kind}: expected a finite number, received ${describeValue(value)}`, {
          kind,
          received: String(value)
        });
      }
      const parsed2 = parseDecimal(kind, String(value), precision);
      return new this(parsed2.raw, parsed2.precision);
    }
    if (typeof value === "bigint") {
      const p = precision ?? 0;
      return new this(value * pow10(p), p);
    }
    if (typeof value !== "string") {
      throw new EngineError("DECIMAL_INVALID", `${kind}: expected a string or number, received ${describeValue(value)}`, {
        kind,
        received: String(value)
      });
    }
    const parsed = parseDecimal(kind, value, precision);
    return new this(parsed.raw, parsed.precision);
  }
  static fromRaw(raw, precision) {
    return new this(raw, precision);
  }
  static zero(precision = 0) {
    return new this(0n, precision);
  }
  make(raw, precision) {
    return new this.constructor(raw, precision);
  }
  /** raw value of this decimal expressed at `precision` (must not lose digits). */
  rawAt(precision) {
    if (precision === this.precision) return this.raw;
    if (precision > this.precision) return this.raw * pow10(precision - this.precision);
    return divRound(this.raw, pow10(this.precision - precision));
  }
  add(other) {
    if (other.precision === this.precision) return this.make(this.raw + other.raw, this.precision);
    const p = Math.max(this.precision, other.precision);
    return this.make(this.rawAt(p) + other.rawAt(p), p);
  }
  sub(other) {
    if (other.precision === this.precision) return this.make(this.raw - other.raw, this.precision);
    const p = Math.max(this.precision, other.precision);
    return this.make(this.rawAt(p) - other.rawAt(p), p);
  }
  /** Exact product; the result's precision is the sum of both (capped, rounding half away from zero). */
  mul(other) {
    if (typeof other === "bigint") return this.make(this.raw * other, this.precision);
    if (typeof other === "number") {
      if (Number.isInteger(other)) return this.make(this.raw * BigInt(other), this.precision);
      return this.mul(_Decimal.from(other));
    }
    const p = this.precision + other.precision;
    const raw = this.raw * other.raw;
    if (p <= MAX_PRECISION) return this.make(raw, p);
    return this.make(divRound(raw, pow10(p - MAX_PRECISION)), MAX_PRECISION);
  }
  /** Quotient at `precision` digits (default: this value's precision), rounded half away from zero. */
  div(other, precision = this.precision) {
    const d = other instanceof _Decimal ? other : _Decimal.from(other);
    if (d.raw === 0n) {
      throw new EngineError("DECIMAL_DIVISION_BY_ZERO", `division of ${this.toString()} by zero`, { dividend: this.toString() });
    }
    const num = this.raw * pow10(d.precision + precision);
    const den = d.raw * pow10(this.precision);
    return this.make(divRound(num, den), precision);
  }
  neg() {
    return this.make(-this.raw, this.precision);
  }
  abs() {
    return this.raw < 0n ? this.make(-this.raw, this.precision) : this;
  }
  /** Same value at another precision, rounding half away from zero when digits are dropped. */
  withPrecision(precision) {
    if (precision === this.precision) return this;
    return this.make(this.rawAt(precision), precision);
  }
  /** Round to a multiple of `increment` (e.g. an instrument's price increment), half away from zero. */
  roundTo(increment) {
    if (increment.raw <= 0n) {
      throw new EngineError("DECIMAL_INVALID", `increment must be positive, received ${increment.toString()}`, {
        received: increment.toString()
      });
    }
    const p = Math.max(this.precision, increment.precision);
    const inc = increment.rawAt(p);
    const steps = divRound(this.rawAt(p), inc);
    return this.make(steps * inc, p).withPrecision(increment.precision);
  }
  cmp(other) {
    let a = this.raw;
    let b = other.raw;
    if (this.precision !== other.precision) {
      const p = Math.max(this.precision, other.precision);
      a = this.rawAt(p);
      b = other.rawAt(p);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(other) {
    return this.cmp(other) === 0;
  }
  lt(other) {
    return this.cmp(other) < 0;
  }
  lte(other) {
    return this.cmp(other) <= 0;
  }
  gt(other) {
    return this.cmp(other) > 0;
  }
  gte(other) {
    return this.cmp(other) >= 0;
  }
  isZero() {
    return this.raw === 0n;
  }
  isPositive() {
    return this.raw > 0n;
  }
  isNegative() {
    return this.raw < 0n;
  }
  toNumber() {
    return Number(this.raw) / Number(pow10(this.precision));
  }
  valueOf() {
    return this.toNumber();
  }
  toString() {
    return formatRaw(this.raw, this.precision);
  }
  toJSON() {
    return this.toString();
  }
  [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")]() {
    return `${this.constructor.name}(${this.toString()})`;
  }
};
function rescale(kind, raw, from, to) {
  if (to === from) return raw;
  if (to > from) return raw * pow10(to - from);
  const d = pow10(from - to);
  if (raw % d !== 0n) {
    throw new EngineError("DECIMAL_TOO_PRECISE", `${kind}: expected at most ${to} decimal places, received ${formatRaw(raw, from)}`, {
      kind,
      received: formatRaw(raw, from),
      precision: to
    });
  }
  return raw / d;
}
var Price = class extends Decimal {
  static kind = "Price";
};
var Quantity = class extends Decimal {
  static kind = "Quantity";
  constructor(raw, precision) {
    super(raw, precision);
    if (raw < 0n) {
      throw new EngineError("QUANTITY_NEGATIVE", `Quantity: expected a non-negative value, received ${formatRaw(raw, precision)}`, {
        received: formatRaw(raw, precision)
      });
    }
  }
};
var Money = class _Money {
  constructor(amount, currency) {
    this.amount = amount;
    this.currency = currency;
  }
  amount;
  currency;
  static from(amount, currency, precision) {
    return new _Money(Decimal.from(amount, precision), currency);
  }
  static zero(currency, precision = 2) {
    return new _Money(Decimal.zero(precision), currency);
  }
  /** Parse '2.50 USD'. */
  static parse(text) {
    const [amount, currency] = text.trim().split(/\s+/);
    if (!amount || !currency) {
      throw new EngineError("MONEY_INVALID", `Money: expected '<amount> <CURRENCY>', received ${describeValue(text)}`, { received: text });
    }
    return _Money.from(amount, currency);
  }
  check(other) {
    if (other.currency !== this.currency) {
      throw new EngineError("MONEY_CURRENCY_MISMATCH", `Money: expected ${this.currency}, received ${other.currency}`, {
        expected: this.currency,
        received: other.currency
      });
    }
  }
  add(other) {
    this.check(other);
    return new _Money(this.amount.add(other.amount), this.currency);
  }
  sub(other) {
    this.check(other);
    return new _Money(this.amount.sub(other.amount), this.currency);
  }
  eq(other) {
    return other.currency === this.currency && this.amount.eq(other.amount);
  }
  toNumber() {
    return this.amount.toNumber();
  }
  valueOf() {
    return this.amount.toNumber();
  }
  toString() {
    return `${this.amount.toString()} ${this.currency}`;
  }
  toJSON() {
    return this.toString();
  }
  [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")]() {
    return `Money(${this.toString()})`;
  }
};

// ../../work/keel-E/src/engine/core/clock.ts
var NANOS_PER_MS = 1000000n;
var NANOS_PER_SEC = 1000000000n;
function msToNs(ms2) {
  return BigInt(Math.round(ms2)) * NANOS_PER_MS;
}

// ../../work/keel-E/src/engine/core/logger.ts
var LEVEL_RANK = { debug: 10, info: 20, warn: 30, error: 40 };
var LevelLogger = class {
  constructor(minLevel) {
    this.minLevel = minLevel;
  }
  minLevel;
  log(level, msg, fields) {
    if (LEVEL_RANK[level] >= LEVEL_RANK[this.minLevel]) this.emit(level, msg, fields ?? {});
  }
  debug(msg, fields) {
    this.log("debug", msg, fields);
  }
  info(msg, fields) {
    this.log("info", msg, fields);
  }
  warn(msg, fields) {
    this.log("warn", msg, fields);
  }
  error(msg, fields) {
    this.log("error", msg, fields);
  }
};
var JsonLinesLogger = class extends LevelLogger {
  constructor(options = {}) {
    super(options.level ?? "info");
    this.options = options;
    this.write = options.write ?? ((line2) => {
      process.stdout.write(line2);
    });
  }
  options;
  write;
  emit(level, msg, fields) {
    const record = { level, msg, ...this.options.base, ...fields };
    if (this.options.clock) record.ts = this.options.clock.timestampNs();
    this.write(`${JSON.stringify(record, jsonReplacer)}
`);
  }
};
function jsonReplacer(_key, value) {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, ...value };
  return value;
}
var MemoryLogger = class extends LevelLogger {
  constructor(clock, level = "debug") {
    super(level);
    this.clock = clock;
  }
  clock;
  entries = [];
  emit(level, msg, fields) {
    this.entries.push({ level, msg, fields, tsNs: this.clock?.timestampNs() });
  }
  at(level) {
    return this.entries.filter((e) => e.level === level);
  }
  messages(level) {
    return (level ? this.at(level) : this.entries).map((e) => e.msg);
  }
  clear() {
    this.entries.length = 0;
  }
};
var NoopLogger = class {
  debug() {
  }
  info() {
  }
  warn() {
  }
  error() {
  }
};
var noopLogger = new NoopLogger();
function rateLimitedWarn(logger, clock, intervalNs = NANOS_PER_SEC) {
  const lastNs = /* @__PURE__ */ new Map();
  return (key, msg, fields) => {
    const now = clock.timestampNs();
    const last = lastNs.get(key);
    if (last !== void 0 && now - last < intervalNs) return false;
    lastNs.set(key, now);
    logger.warn(msg, fields);
    return true;
  };
}

// ../../work/keel-E/src/engine/data/instrument-file.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { dirname } from "node:path";

// ../../work/keel-E/src/engine/model/instruments.ts
function splitInstrumentId(id) {
  const dot = id.lastIndexOf(".");
  if (dot <= 0 || dot === id.length - 1) {
    throw new EngineError("INSTRUMENT_ID_INVALID", `expected an instrument id like 'AUDUSD.SIM', received '${id}'`, { received: id });
  }
  return { symbol: id.slice(0, dot), venue: id.slice(dot + 1) };
}
function define(id, kind, base2, quote, pricePrecision, sizePrecision, makerFee, takerFee) {
  const { symbol, venue } = splitInstrumentId(id);
  return {
    id,
    kind,
    symbol,
    venue,
    baseCurrency: base2,
    quoteCurrency: quote,
    pricePrecision,
    sizePrecision,
    priceIncrement: Price.fromRaw(1n, pricePrecision),
    sizeIncrement: Quantity.fromRaw(1n, sizePrecision),
    makerFee: Decimal.from(makerFee),
    takerFee: Decimal.from(takerFee)
  };
}
var BUILTIN_INSTRUMENTS = [
  define("AUDUSD.SIM", "CurrencyPair", "AUD", "USD", 5, 0, "0.00002", "0.00002"),
  define("GBPUSD.SIM", "CurrencyPair", "GBP", "USD", 5, 0, "0.00002", "0.00002"),
  define("EURUSD.SIM", "CurrencyPair", "EUR", "USD", 5, 0, "0.00002", "0.00002"),
  define("USDJPY.SIM", "CurrencyPair", "USD", "JPY", 3, 0, "0.00002", "0.00002"),
  define("BTCUSDT-PERP.SIM", "CryptoPerpetual", "BTC", "USDT", 1, 3, "0.0002", "0.0004")
];
var InstrumentProvider = class {
  byId = /* @__PURE__ */ new Map();
  constructor(instruments = BUILTIN_INSTRUMENTS) {
    for (const i of instruments) this.add(i);
  }
  add(instrument) {
    this.byId.set(instrument.id, instrument);
  }
  find(id) {
    return this.byId.get(id);
  }
  get(id) {
    const i = this.byId.get(id);
    if (!i) {
      throw new EngineError("INSTRUMENT_UNKNOWN", `expected a known instrument id (${[...this.byId.keys()].join(", ")}), received '${id}'`, {
        received: id
      });
    }
    return i;
  }
  all() {
    return [...this.byId.values()];
  }
};

// ../../work/keel-E/src/engine/data/project-root.ts
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var cached;
function isKeelPackage(dir) {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return false;
  try {
    return JSON.parse(readFileSync(file, "utf8")).name === "keel";
  } catch {
    return false;
  }
}
function findProjectRoot(fromUrl = import.meta.url) {
  if (fromUrl === import.meta.url && cached !== void 0) return cached;
  const start = path.dirname(fileURLToPath(fromUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isKeelPackage(dir)) {
      if (fromUrl === import.meta.url) cached = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new EngineError("PROJECT_ROOT_NOT_FOUND", `expected a package.json named keel in a folder above ${start}, received none`, { start });
}

// ../../work/keel-E/src/engine/data/instrument-file.ts
function sharedDataDir() {
  return process.env.KEEL_DATA_DIR ?? `${dirname(findProjectRoot())}/shared/data/`;
}
function loadInstrumentsFile(path3 = `${sharedDataDir()}/crypto_instruments.json`) {
  const rows = JSON.parse(readFileSync2(path3, "utf8"));
  return rows.map((r) => {
    const { symbol, venue } = splitInstrumentId(r.id);
    if (r.type !== "CurrencyPair" && r.type !== "CryptoPerpetual") {
      throw new EngineError("INSTRUMENT_KIND_UNKNOWN", `expected CurrencyPair or CryptoPerpetual, received '${r.type}' for ${r.id}`, {
        received: r.type,
        instrumentId: r.id
      });
    }
    return {
      id: r.id,
      kind: r.type,
      symbol,
      venue,
      baseCurrency: r.base_currency,
      quoteCurrency: r.quote_currency,
      pricePrecision: r.price_precision,
      sizePrecision: r.size_precision,
      priceIncrement: Price.from(r.price_increment),
      sizeIncrement: Quantity.from(r.size_increment),
      ...r.min_quantity ? { minQuantity: Quantity.from(r.min_quantity) } : {},
      ...r.max_quantity ? { maxQuantity: Quantity.from(r.max_quantity) } : {},
      makerFee: Decimal.from(r.maker_fee),
      takerFee: Decimal.from(r.taker_fee)
    };
  });
}
function sharedInstruments() {
  const provider = new InstrumentProvider();
  try {
    for (const i of loadInstrumentsFile()) provider.add(i);
  } catch {
  }
  return provider;
}

// ../../work/keel-E/src/engine/core/live-clock.ts
import { randomUUID } from "node:crypto";

// ../../work/keel-E/src/engine/core/timer-schedule.ts
var TimerSchedule = class {
  timers = /* @__PURE__ */ new Map();
  seq = 0;
  /** Setting a name that already exists replaces it (a re-run notebook cell re-arms, it does not fail). */
  addAlert(name, alertTimeNs, handler) {
    checkName(name);
    const timer = {
      name,
      handler,
      intervalNs: void 0,
      stopTimeNs: void 0,
      nextTimeNs: alertTimeNs,
      seq: this.seq++
    };
    this.timers.set(name, timer);
    return timer;
  }
  addTimer(name, nowNs, intervalNs, handler, options = {}) {
    checkName(name);
    if (intervalNs <= 0n) {
      throw new EngineError("TIMER_INTERVAL_INVALID", `timer '${name}': expected an interval > 0 ns, received ${intervalNs} ns`, {
        name,
        intervalNs: intervalNs.toString()
      });
    }
    const start = options.startTimeNs ?? nowNs;
    const timer = {
      name,
      handler,
      intervalNs,
      stopTimeNs: options.stopTimeNs,
      nextTimeNs: start + intervalNs,
      seq: this.seq++
    };
    this.timers.set(name, timer);
    return timer;
  }
  get(name) {
    return this.timers.get(name);
  }
  remove(name) {
    const t = this.timers.get(name);
    this.timers.delete(name);
    return t;
  }
  clear() {
    const all = [...this.timers.values()];
    this.timers.clear();
    return all;
  }
  names() {
    return [...this.timers.keys()].sort();
  }
  /** The timer due first at or before `untilNs` (ties: the one set first), if any. */
  nextDue(untilNs) {
    let best;
    for (const t of this.timers.values()) {
      if (t.nextTimeNs > untilNs) continue;
      if (!best || t.nextTimeNs < best.nextTimeNs || t.nextTimeNs === best.nextTimeNs && t.seq < best.seq) best = t;
    }
    return best;
  }
  /**
   * Consume one firing of `timer` at its scheduled time: re-arm a repeating timer from its *scheduled*
   * time (drift-free), drop an alert or a timer past its stop time. Returns the event to deliver, or
   * undefined when the timer's stop time had already passed.
   */
  fire(timer, nowNs, eventId) {
    const tsEvent = timer.nextTimeNs;
    if (timer.stopTimeNs !== void 0 && tsEvent > timer.stopTimeNs) {
      this.removeIfSame(timer);
      return void 0;
    }
    if (timer.intervalNs === void 0) {
      this.removeIfSame(timer);
    } else {
      timer.nextTimeNs = tsEvent + timer.intervalNs;
      if (timer.stopTimeNs !== void 0 && timer.nextTimeNs > timer.stopTimeNs) this.removeIfSame(timer);
    }
    return { name: timer.name, eventId, tsEvent, tsInit: nowNs };
  }
  isCurrent(timer) {
    return this.timers.get(timer.name) === timer;
  }
  removeIfSame(timer) {
    if (this.timers.get(timer.name) === timer) this.timers.delete(timer.name);
  }
};
function checkName(name) {
  if (typeof name !== "string" || name.trim() === "") {
    throw new EngineError("TIMER_NAME_INVALID", `expected a non-empty timer name, received '${String(name)}'`, { name });
  }
}

// ../../work/keel-E/src/engine/core/live-clock.ts
var MAX_TIMEOUT_MS = 2147483647;
var LiveClock = class {
  epochOffsetNs;
  schedule = new TimerSchedule();
  handles = /* @__PURE__ */ new Map();
  onHandlerError;
  constructor(options = {}) {
    this.epochOffsetNs = BigInt(Date.now()) * NANOS_PER_MS - process.hrtime.bigint();
    this.onHandlerError = options.onHandlerError ?? ((error, name) => {
      process.emitWarning(`keel: timer '${name}' handler threw: ${String(error)}`);
    });
  }
  timestampNs() {
    return this.epochOffsetNs + process.hrtime.bigint();
  }
  timestampMs() {
    return Number(this.timestampNs() / NANOS_PER_MS);
  }
  setTimeAlert(name, alertTimeNs, handler) {
    this.disarm(name);
    this.arm(this.schedule.addAlert(name, alertTimeNs, handler));
  }
  setTimer(name, intervalNs, handler, options) {
    this.disarm(name);
    this.arm(this.schedule.addTimer(name, this.timestampNs(), intervalNs, handler, options));
  }
  cancelTimer(name) {
    this.disarm(name);
    this.schedule.remove(name);
  }
  cancelTimers() {
    for (const name of [...this.handles.keys()]) this.disarm(name);
    this.schedule.clear();
  }
  timerNames() {
    return this.schedule.names();
  }
  nextTimeNs(name) {
    return this.schedule.get(name)?.nextTimeNs;
  }
  arm(timer) {
    const waitNs = timer.nextTimeNs - this.timestampNs();
    const waitMs = waitNs <= 0n ? 0 : Math.min(MAX_TIMEOUT_MS, Number((waitNs + NANOS_PER_MS - 1n) / NANOS_PER_MS));
    const handle = setTimeout(() => this.onTimeout(timer), waitMs);
    handle.unref();
    this.handles.set(timer.name, handle);
  }
  disarm(name) {
    const handle = this.handles.get(name);
    if (handle) clearTimeout(handle);
    this.handles.delete(name);
  }
  onTimeout(timer) {
    this.handles.delete(timer.name);
    if (!this.schedule.isCurrent(timer)) return;
    const now = this.timestampNs();
    if (now < timer.nextTimeNs) {
      this.arm(timer);
      return;
    }
    const event = this.schedule.fire(timer, now, randomUUID());
    if (this.schedule.isCurrent(timer)) this.arm(timer);
    if (!event) return;
    try {
      timer.handler(event);
    } catch (error) {
      this.onHandlerError(error, timer.name);
    }
  }
};

// ../../work/keel-E/src/engine/bus/message-bus.ts
var NO_SUBSCRIPTIONS = [];
var MessageBus = class {
  constructor(log = noopLogger) {
    this.log = log;
  }
  log;
  endpoints = /* @__PURE__ */ new Map();
  // Subscriber lists are copy-on-write: (un)subscribing replaces the array, so a delivery can walk the
  // array it started with (the snapshot the ordering rules need) without copying it per message.
  exact = /* @__PURE__ */ new Map();
  prefixes = NO_SUBSCRIPTIONS;
  /** FIFO of messages waiting behind the current delivery; `mailboxHead` is the next one to deliver. */
  mailbox = [];
  mailboxHead = 0;
  delivering = false;
  _handlerErrors = 0;
  _published = 0;
  register(endpoint, handler) {
    if (this.endpoints.has(endpoint)) {
      throw new EngineError("BUS_ENDPOINT_TAKEN", `expected a free endpoint name, received '${endpoint}' (already registered)`, { endpoint });
    }
    this.endpoints.set(endpoint, handler);
  }
  deregister(endpoint) {
    this.endpoints.delete(endpoint);
  }
  isRegistered(endpoint) {
    return this.endpoints.has(endpoint);
  }
  /** Deliver to the one handler registered at `endpoint`; sending to no one is an error (a wiring bug). */
  send(endpoint, message) {
    if (!this.endpoints.has(endpoint)) {
      throw new EngineError("BUS_ENDPOINT_UNKNOWN", `expected a registered endpoint (${[...this.endpoints.keys()].sort().join(", ")}), received '${endpoint}'`, {
        endpoint
      });
    }
    this.enqueue({ kind: "send", endpoint, message });
  }
  subscribe(topic, handler, options = {}) {
    const sub = { topic, prefix: options.prefix ?? false, handler, active: true };
    if (sub.prefix) {
      this.prefixes = [...this.prefixes, sub];
    } else {
      this.exact.set(topic, [...this.exact.get(topic) ?? NO_SUBSCRIPTIONS, sub]);
    }
    return () => this.unsubscribe(sub);
  }
  publish(topic, message) {
    this._published += 1;
    if (this.delivering || this.mailboxHead < this.mailbox.length) {
      this.enqueue({ kind: "publish", topic, message });
      return;
    }
    this.delivering = true;
    try {
      this.deliverPublish(topic, message);
      this.drain();
    } finally {
      this.delivering = false;
    }
  }
  hasSubscribers(topic) {
    return (this.exact.get(topic)?.length ?? 0) > 0 || this.prefixes.some((s) => topic.startsWith(s.topic));
  }
  /** Handlers that threw (each was logged). */
  get handlerErrors() {
    return this._handlerErrors;
  }
  get publishedCount() {
    return this._published;
  }
  /** Messages waiting behind the one being delivered. */
  get pending() {
    return this.mailbox.length - this.mailboxHead;
  }
  unsubscribe(sub) {
    sub.active = false;
    if (sub.prefix) {
      if (this.prefixes.includes(sub)) this.prefixes = this.prefixes.filter((s) => s !== sub);
      return;
    }
    const list = this.exact.get(sub.topic);
    if (!list) return;
    const i = list.indexOf(sub);
    if (i < 0) return;
    if (list.length === 1) this.exact.delete(sub.topic);
    else this.exact.set(sub.topic, list.filter((s) => s !== sub));
  }
  enqueue(delivery) {
    this.mailbox.push(delivery);
    if (this.delivering) return;
    this.delivering = true;
    try {
      this.drain();
    } finally {
      this.delivering = false;
    }
  }
  /** Deliver queued messages in order until the mailbox is empty (only while `delivering`). */
  drain() {
    try {
      while (this.mailboxHead < this.mailbox.length) {
        const next = this.mailbox[this.mailboxHead];
        this.mailboxHead += 1;
        if (this.mailboxHead > 1024 && this.mailboxHead * 2 > this.mailbox.length) {
          this.mailbox = this.mailbox.slice(this.mailboxHead);
          this.mailboxHead = 0;
        }
        if (next.kind === "send") {
          const handler = this.endpoints.get(next.endpoint);
          if (handler) this.call(handler, next.message, next.endpoint);
        } else {
          this.deliverPublish(next.topic, next.message);
        }
      }
    } finally {
      if (this.mailboxHead >= this.mailbox.length) {
        this.mailbox.length = 0;
        this.mailboxHead = 0;
      }
    }
  }
  deliverPublish(topic, message) {
    const exact = this.exact.get(topic);
    const prefixes = this.prefixes;
    if (exact !== void 0) {
      for (let i = 0; i < exact.length; i++) {
        const s = exact[i];
        if (s.active) this.call(s.handler, message, topic);
      }
    }
    for (let i = 0; i < prefixes.length; i++) {
      const s = prefixes[i];
      if (s.active && topic.startsWith(s.topic)) this.call(s.handler, message, topic);
    }
  }
  call(handler, message, where) {
    try {
      handler(message);
    } catch (error) {
      this._handlerErrors += 1;
      this.log.error(`bus handler for '${where}' threw`, {
        code: "BUS_HANDLER_ERROR",
        where,
        error: error instanceof Error ? error.message : String(error)
      });
    }
  }
};

// ../../work/keel-E/src/engine/bus/switchboard.ts
var ORDER_EVENTS = "events.order.";
var POSITION_EVENTS = "events.position.";
var QUOTES = "data.quotes.";
var TRADES = "data.trades.";
var BARS = "data.bars.";
function memoTopic(prefix) {
  const names = /* @__PURE__ */ new Map();
  return (id) => {
    let name = names.get(id);
    if (name === void 0) {
      name = `${prefix}${id}`;
      if (names.size < 1e4) names.set(id, name);
    }
    return name;
  };
}
var topics = {
  orderEvents: memoTopic(ORDER_EVENTS),
  positionEvents: memoTopic(POSITION_EVENTS),
  quotes: (instrumentId) => `${QUOTES}${instrumentId}`,
  trades: (instrumentId) => `${TRADES}${instrumentId}`,
  bars: (barType) => `${BARS}${barType}`,
  allOrderEvents: ORDER_EVENTS,
  allPositionEvents: POSITION_EVENTS,
  allQuotes: QUOTES,
  allTrades: TRADES,
  allBars: BARS,
  /** Every `Applied` record of the execution engine (what one order event changed), in apply order. */
  applied: "exec.applied",
  configChanges: "system.config-changes",
  reconciliation: "system.reconciliation",
  connection: "system.connection",
  /** The loss circuit breaker tripped (`CircuitBreakerTripped`). */
  circuitBreaker: "risk.circuit-breaker",
  /** Every AccountState a venue reported (after the cache holds it), and account anomalies. */
  accounts: "exec.accounts",
  accountAnomalies: "exec.account-anomalies"
};

// ../../work/keel-E/src/engine/model/enums.ts
var ORDER_SIDES = ["BUY", "SELL"];
var ORDER_TYPES = ["MARKET", "LIMIT", "STOP_MARKET", "STOP_LIMIT", "MARKET_IF_TOUCHED", "LIMIT_IF_TOUCHED"];
var TIME_IN_FORCES = ["GTC", "IOC", "FOK", "GTD", "DAY"];
var ORDER_STATUSES = [
  "INITIALIZED",
  "DENIED",
  "SUBMITTED",
  "ACCEPTED",
  "REJECTED",
  "CANCELED",
  "EXPIRED",
  "TRIGGERED",
  "PENDING_UPDATE",
  "PENDING_CANCEL",
  "PARTIALLY_FILLED",
  "FILLED"
];
var OMS_TYPES = ["UNSPECIFIED", "NETTING", "HEDGING"];
var CONTINGENCY_TYPES = ["NO_CONTINGENCY", "OTO", "OCO", "OUO"];
var LIQUIDITY_SIDES = ["NO_LIQUIDITY_SIDE", "MAKER", "TAKER"];
var POSITION_SIDES = ["FLAT", "LONG", "SHORT"];
var INFLIGHT_STATUSES = /* @__PURE__ */ new Set(["SUBMITTED", "PENDING_UPDATE", "PENDING_CANCEL"]);
var OPEN_STATUSES = /* @__PURE__ */ new Set([
  "ACCEPTED",
  "TRIGGERED",
  "PENDING_UPDATE",
  "PENDING_CANCEL",
  "PARTIALLY_FILLED"
]);
var CLOSED_STATUSES = /* @__PURE__ */ new Set(["DENIED", "REJECTED", "CANCELED", "EXPIRED", "FILLED"]);
var EXTERNAL_STRATEGY_ID = "EXTERNAL";
var TAG_VENUE = "VENUE";
var TAG_RECONCILIATION = "RECONCILIATION";

// ../../work/keel-E/src/engine/model/copy-fields.ts
function copyFields(src) {
  const out = {};
  for (const key in src) out[key] = src[key];
  return out;
}

// ../../work/keel-E/src/engine/cache/cache.ts
var Cache = class {
  /** The order, its insertion number, and what the indexes last recorded for it. */
  ordersById = /* @__PURE__ */ new Map();
  // Lists rather than sets: an order joins its strategy's and instrument's list once and never leaves, so
  // appending is enough (and much cheaper than growing a hash set per order); oldest first by construction.
  ordersByStrategy = /* @__PURE__ */ new Map();
  ordersByInstrument = /* @__PURE__ */ new Map();
  ordersByVenueId = /* @__PURE__ */ new Map();
  /** An order joins a position's list the first time it is indexed with that position id. */
  ordersByPosition = /* @__PURE__ */ new Map();
  // Open and in-flight orders are few, so they keep sets; "closed" is read from the entry's status.
  openIds = /* @__PURE__ */ new Set();
  inflightIds = /* @__PURE__ */ new Set();
  orderLists = /* @__PURE__ */ new Map();
  positionsById = /* @__PURE__ */ new Map();
  positionSeq = /* @__PURE__ */ new Map();
  openPositionIds = /* @__PURE__ */ new Set();
  quotes = /* @__PURE__ */ new Map();
  accountsByVenue = /* @__PURE__ */ new Map();
  seq = 0;
  // --- orders -------------------------------------------------------------------------------------
  /** Add a new order; `positionId` is the position it is meant for (a submit "on" a position). */
  addOrder(order, positionId) {
    if (this.ordersById.has(order.clientOrderId)) {
      throw new EngineError("CACHE_ORDER_EXISTS", `expected a new client order id, received '${order.clientOrderId}' (already cached)`, {
        clientOrderId: order.clientOrderId
      });
    }
    if (positionId !== void 0 && order.positionId === void 0) order.assignPositionId(positionId);
    const entry = { order, seq: this.seq++, status: void 0, positionId: void 0, positionIds: void 0 };
    this.ordersById.set(order.clientOrderId, entry);
    appendTo(this.ordersByStrategy, order.strategyId, entry);
    appendTo(this.ordersByInstrument, order.instrumentId, entry);
    this.reindex(entry);
  }
  /** Re-index an order after its state changed (status, venue order id, position id). */
  updateOrder(order) {
    const id = order.clientOrderId;
    const entry = this.ordersById.get(id);
    if (entry === void 0 || entry.order !== order) {
      throw new EngineError("CACHE_ORDER_UNKNOWN", `expected a cached order, received '${id}'`, { clientOrderId: id });
    }
    this.reindex(entry);
  }
  /**
   * Only what changed since the entry was last indexed is touched: the status sets and the position
   * lists are written by nothing else, so a status or position id seen before is already indexed.
   */
  reindex(entry) {
    const order = entry.order;
    const id = order.clientOrderId;
    if (order.venueOrderId !== void 0) this.ordersByVenueId.set(order.venueOrderId, id);
    const positionId = order.positionId;
    if (positionId !== void 0 && positionId !== entry.positionId) {
      let first = true;
      if (entry.positionId !== void 0) {
        if (entry.positionIds === void 0) entry.positionIds = [entry.positionId];
        first = !entry.positionIds.includes(positionId);
        if (first) entry.positionIds.push(positionId);
      }
      if (first) appendTo(this.ordersByPosition, positionId, entry);
      entry.positionId = positionId;
    }
    const status = order.status;
    if (status === entry.status) return;
    const was = entry.status === void 0 ? NO_FLAGS : STATUS_FLAGS[entry.status];
    const now = STATUS_FLAGS[status];
    if (was.open !== now.open) toggle(this.openIds, id, now.open);
    if (was.inflight !== now.inflight) toggle(this.inflightIds, id, now.inflight);
    entry.status = status;
  }
  hasOrder(clientOrderId) {
    return this.ordersById.has(clientOrderId);
  }
  order(clientOrderId) {
    return this.ordersById.get(clientOrderId)?.order;
  }
  orderByVenueOrderId(venueOrderId) {
    const id = this.ordersByVenueId.get(venueOrderId);
    return id === void 0 ? void 0 : this.ordersById.get(id)?.order;
  }
  clientOrderIdFor(venueOrderId) {
    return this.ordersByVenueId.get(venueOrderId);
  }
  orders(query = {}) {
    const sources = [];
    if (query.strategyId !== void 0) sources.push(this.ordersByStrategy.get(query.strategyId) ?? NO_ENTRIES);
    if (query.instrumentId !== void 0) sources.push(this.ordersByInstrument.get(query.instrumentId) ?? NO_ENTRIES);
    if (query.open === true) sources.push(this.entriesOf(this.openIds));
    return this.select(sources, (e) => {
      const flags = indexedFlags(e);
      return (query.strategyId === void 0 || e.order.strategyId === query.strategyId) && (query.instrumentId === void 0 || e.order.instrumentId === query.instrumentId) && (query.open === void 0 || flags.open === query.open) && (query.closed === void 0 || flags.closed === query.closed);
    });
  }
  ordersOpen(query = {}) {
    return this.orders(withFlag(query, "open", true));
  }
  ordersClosed(query = {}) {
    return this.orders(withFlag(query, "closed", true));
  }
  ordersInflight(query = {}) {
    const sources = [this.entriesOf(this.inflightIds)];
    if (query.strategyId !== void 0) sources.push(this.ordersByStrategy.get(query.strategyId) ?? NO_ENTRIES);
    if (query.instrumentId !== void 0) sources.push(this.ordersByInstrument.get(query.instrumentId) ?? NO_ENTRIES);
    return this.select(sources, (e) => indexedFlags(e).inflight && (query.strategyId === void 0 || e.order.strategyId === query.strategyId) && (query.instrumentId === void 0 || e.order.instrumentId === query.instrumentId));
  }
  /** Orders that filled into (or were submitted for) a position. */
  ordersForPosition(positionId) {
    return sortBySeq([...this.ordersByPosition.get(positionId) ?? NO_ENTRIES]);
  }
  // --- order lists ----------------------------------------------------------------------------------
  addOrderList(list) {
    if (this.orderLists.has(list.id)) {
      throw new EngineError("CACHE_ORDER_LIST_EXISTS", `expected a new order list id, received '${list.id}' (already cached)`, { orderListId: list.id });
    }
    this.orderLists.set(list.id, list);
  }
  orderList(orderListId) {
    return this.orderLists.get(orderListId);
  }
  orderListsAll() {
    return [...this.orderLists.values()];
  }
  // --- positions ------------------------------------------------------------------------------------
  addPosition(position) {
    if (this.positionsById.has(position.id)) {
      throw new EngineError("CACHE_POSITION_EXISTS", `expected a new position id, received '${position.id}' (already cached)`, { positionId: position.id });
    }
    this.positionsById.set(position.id, position);
    this.positionSeq.set(position.id, this.seq++);
    this.updatePosition(position);
  }
  updatePosition(position) {
    toggle(this.openPositionIds, position.id, position.isOpen);
  }
  position(positionId) {
    return this.positionsById.get(positionId);
  }
  positions(query = {}) {
    const out = [];
    for (const p of this.positionsById.values()) {
      if (query.strategyId !== void 0 && p.strategyId !== query.strategyId) continue;
      if (query.instrumentId !== void 0 && p.instrumentId !== query.instrumentId) continue;
      if (query.open !== void 0 && this.openPositionIds.has(p.id) !== query.open) continue;
      out.push(p);
    }
    return out;
  }
  positionsOpen(query = {}) {
    return this.positions(withFlag(query, "open", true));
  }
  // --- market data ----------------------------------------------------------------------------------
  addQuote(quote) {
    this.quotes.set(quote.instrumentId, quote);
  }
  quote(instrumentId) {
    return this.quotes.get(instrumentId);
  }
  // --- accounts -------------------------------------------------------------------------------------
  /** Keep the venue's latest account state (one per venue: keel trades one account per venue). */
  setAccount(state) {
    this.accountsByVenue.set(state.venue, state);
  }
  /** The latest state of the venue's account (no venue: the first venue's). */
  account(venue) {
    return venue === void 0 ? this.accountsByVenue.values().next().value : this.accountsByVenue.get(venue);
  }
  accounts() {
    return [...this.accountsByVenue.values()];
  }
  // --- helpers --------------------------------------------------------------------------------------
  /** Walk the smallest source (with none, every order) and keep the entries that pass; oldest first. */
  select(sources, keep) {
    let smallest = this.ordersById.values();
    let smallestSize = Infinity;
    for (const src of sources) {
      const size = src.length ?? src.size ?? 0;
      if (size < smallestSize) {
        smallest = src;
        smallestSize = size;
      }
    }
    const out = [];
    for (const e of smallest) if (keep(e)) out.push(e);
    return sortBySeq(out);
  }
  /** The entries of an id set (open / in-flight), with its size for `select`. */
  entriesOf(ids) {
    const byId = this.ordersById;
    return {
      size: ids.size,
      *[Symbol.iterator]() {
        for (const id of ids) yield byId.get(id);
      }
    };
  }
};
var NO_ENTRIES = [];
function sortBySeq(entries) {
  entries.sort((a, b) => a.seq - b.seq);
  return entries.map((e) => e.order);
}
function indexedFlags(entry) {
  return entry.status === void 0 ? NO_FLAGS : STATUS_FLAGS[entry.status];
}
function withFlag(query, key, value) {
  const out = copyFields(query);
  out[key] = value;
  return out;
}
var NO_FLAGS = { open: false, closed: false, inflight: false };
var STATUS_FLAGS = Object.fromEntries(
  ORDER_STATUSES.map((s) => [s, { open: OPEN_STATUSES.has(s), closed: CLOSED_STATUSES.has(s), inflight: INFLIGHT_STATUSES.has(s) }])
);
function appendTo(index, key, entry) {
  const list = index.get(key);
  if (list) list.push(entry);
  else index.set(key, [entry]);
}
function toggle(set, id, on) {
  if (on) set.add(id);
  else set.delete(id);
}

// ../../work/keel-E/src/engine/config/closest-key.ts
function closestKey(typed, known) {
  const a = typed.toLowerCase();
  let best;
  for (const key of known) {
    const d = editDistance(a, key.toLowerCase());
    if (best === void 0 || d < best.d) best = { key, d };
  }
  const allowed = Math.max(3, Math.floor(typed.length / 3));
  return best !== void 0 && best.d <= allowed ? best.key : void 0;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

// ../../work/keel-E/src/engine/config/secret-values.ts
var CREDENTIAL_WORDS = /* @__PURE__ */ new Set(["key", "apikey", "secret", "token", "password", "passwd", "pwd", "passphrase", "credential", "credentials", "auth", "bearer", "privatekey"]);
var KEY_LIKE_MIN_LENGTH = 20;
var KEY_CHARS = /^[A-Za-z0-9+/=_-]+$/;
var KEY_LIKE_MIN_ENTROPY = 3.5;
var ECHO_MIN_LENGTH = 6;
var REDACTED = "<redacted>";
function isCredentialName(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
  if (words.at(-1) === "env") return false;
  return words.some((w) => CREDENTIAL_WORDS.has(w));
}
function looksLikeKey(value) {
  if (value.length < KEY_LIKE_MIN_LENGTH || !KEY_CHARS.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return false;
  return entropy(value) >= KEY_LIKE_MIN_ENTROPY;
}
function credentialValues(input) {
  const out = /* @__PURE__ */ new Set();
  const visit = (v, depth) => {
    if (v === null || typeof v !== "object" || depth > 8) return;
    for (const [k, child] of Object.entries(v)) {
      if (typeof child === "string" && child.length >= ECHO_MIN_LENGTH && isCredentialName(k)) out.add(child);
      else visit(child, depth + 1);
    }
  };
  visit(input, 0);
  return out;
}
function entropy(s) {
  const counts = /* @__PURE__ */ new Map();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// ../../work/keel-E/src/engine/config/parse-config.ts
var ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;
function parseConfig(schema, input, name) {
  const result = schema.safeParse(input === void 0 ? {} : input);
  if (result.success) return result.data;
  const secrets = credentialValues(input);
  const issues = result.error.issues.flatMap((issue) => describeIssue(schema, input, issue, secrets));
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  throw new EngineError("CONFIG_INVALID", [`invalid ${name} (${count}):`, ...issues.map((i) => i.message)].join("\n"), {
    config: name,
    issues
  });
}
function describeIssue(schema, input, issue, secrets) {
  const path3 = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, path3);
    const expected = (key) => {
      if (!known) return "no such key";
      const near = closestKey(key, known);
      return near ? `no such key; did you mean '${near}'?` : `no such key (known keys: ${known.join(", ")})`;
    };
    return issue.keys.map((key) => line([...path3, key], expected(key), render(valueAt(input, [...path3, key]), [...path3, key], secrets)));
  }
  return [line(path3, expectation(issue), render(valueAt(input, path3), path3, secrets))];
}
function isSecret(value, key, secrets) {
  return key !== void 0 && isCredentialName(key) || looksLikeKey(value) || secrets.has(value);
}
function line(path3, expected, received) {
  const p = path3.length === 0 ? "(root)" : path3.join(".");
  return { path: p, expected, received, message: `${p}: expected ${expected}, received ${received}` };
}
function expectation(issue) {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => typeof v === "string" ? `'${v}'` : String(v)).join(", ")}`;
    case "too_small":
      return `a value ${issue.inclusive === false ? ">" : ">="} ${String(issue.minimum)}`;
    case "too_big":
      return `a value ${issue.inclusive === false ? "<" : "<="} ${String(issue.maximum)}`;
    case "invalid_union":
      return "options" in issue && Array.isArray(issue.options) ? `one of ${issue.options.map((v) => `'${String(v)}'`).join(", ")}` : "one of the allowed shapes";
    default:
      return issue.message;
  }
}
var TYPE_WORDS = {
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object"
};
function valueAt(input, path3) {
  let v = input;
  for (const key of path3) {
    if (v === null || typeof v !== "object") return void 0;
    v = v[key];
  }
  return v;
}
function render(value, path3, secrets) {
  if (value === void 0) return "nothing (missing)";
  if (value === null) return "null";
  const key = path3.at(-1);
  if (typeof value === "string" && isSecret(value, key, secrets)) return `${REDACTED} (string, ${value.length} characters)`;
  if (key !== void 0 && isCredentialName(key) && typeof value !== "object") return `${REDACTED} (${typeof value})`;
  if (typeof value === "string") return `'${value}' (string)`;
  if (typeof value === "bigint") return `${value}n (bigint)`;
  if (typeof value === "object") {
    let text;
    try {
      text = JSON.stringify(value, (k, v) => typeof v === "bigint" ? `${v}n` : typeof v === "string" && isSecret(v, k === "" ? void 0 : k, secrets) ? REDACTED : k !== "" && isCredentialName(k) && (typeof v === "number" || typeof v === "boolean") ? REDACTED : v);
    } catch {
      text = Object.prototype.toString.call(value);
    }
    if (text.length > 80) text = `${text.slice(0, 77)}...`;
    return `${text} (${Array.isArray(value) ? "array" : "object"})`;
  }
  return `${String(value)} (${typeof value})`;
}
function knownKeys(schema, path3) {
  let s = schema;
  for (const key of path3) {
    s = unwrap(s);
    const def2 = defOf(s);
    if (def2?.type === "object") s = def2.shape[key];
    else if (def2?.type === "array") s = def2.element;
    else if (def2?.type === "record") s = def2.valueType;
    else return void 0;
  }
  const def = defOf(unwrap(s));
  return def?.type === "object" ? Object.keys(def.shape) : void 0;
}
function defOf(s) {
  return s?.def;
}
function unwrap(s) {
  for (let def = defOf(s); def && ["default", "prefault", "optional", "nullable", "readonly"].includes(def.type ?? ""); def = defOf(s)) {
    s = def.innerType;
  }
  return s;
}

// ../../work/keel-E/src/engine/config/trading-node-config.ts
import { z as z6 } from "zod";

// ../../work/keel-E/src/engine/config/live-exec-engine-config.ts
import { z as z2 } from "zod";

// ../../work/keel-E/src/engine/config/fields.ts
import { z } from "zod";
var NON_NEGATIVE_INTEGER = "a non-negative integer";
function nonNegativeInt() {
  const e = { error: NON_NEGATIVE_INTEGER };
  return z.number(e).int(e).min(0, e);
}
function intAtLeast(min) {
  const e = { error: `an integer >= ${min}` };
  return z.number(e).int(e).min(min, e);
}
function bool() {
  return z.boolean({ error: "true or false" });
}
function nonEmptyString(what = "a non-empty string") {
  return z.string({ error: what }).min(1, { error: what });
}
function oneOf(values) {
  return z.enum(values, { error: `one of ${values.map((v) => `'${v}'`).join(", ")}` });
}
function stringList(what = "a list of strings") {
  return z.array(nonEmptyString(), { error: what });
}
function nonNegativeDecimalString() {
  const what = "a non-negative decimal string like '1000000.00'";
  return z.string({ error: what }).regex(/^\d+(\.\d+)?$/, { error: what });
}

// ../../work/keel-E/src/engine/config/live-exec-engine-config.ts
var LiveExecEngineConfigSchema = z2.object({
  reconciliation: bool().default(true).describe("Reconcile with each venue at start-up (and on reconnect) before strategies start"),
  reconciliationLookbackMins: nonNegativeInt().nullable().default(null).describe("How far back start-up reconciliation asks for orders and fills (null: as far as the venue keeps)"),
  reconciliationInstrumentIds: stringList().nullable().default(null).describe("Reconcile only these instruments (null: all)"),
  filterUnclaimedExternalOrders: bool().default(false).describe("Ignore venue orders that no strategy claims (externalOrderClaims)"),
  filterPositionReports: bool().default(false).describe("Ignore venue position reports during reconciliation"),
  filteredClientOrderIds: stringList().nullable().default(null).describe("Client order ids reconciliation skips (null: none)"),
  generateMissingOrders: bool().default(true).describe("Create orders that explain a position the venue reports but the cache cannot"),
  inflightCheckIntervalMs: nonNegativeInt().default(2e3).describe("How often in-flight orders are checked (0: never)"),
  inflightCheckThresholdMs: nonNegativeInt().default(5e3).describe("How long an order may stay in flight before its status is queried"),
  inflightCheckRetries: nonNegativeInt().default(5).describe("Status queries for an in-flight order before it is resolved as lost"),
  openCheckIntervalSecs: nonNegativeInt().nullable().default(null).describe("How often open orders are compared with the venue (null: never)"),
  openCheckOpenOnly: bool().default(true).describe("The open-orders check asks the venue for open orders only"),
  openCheckLookbackMins: nonNegativeInt().default(60).describe("How far back the open-orders check looks"),
  openCheckThresholdMs: nonNegativeInt().default(5e3).describe("How recent a change must be for the open-orders check to leave an order alone"),
  openCheckMissingRetries: nonNegativeInt().default(5).describe("Checks an order may be missing at the venue before it is resolved"),
  positionCheckIntervalSecs: nonNegativeInt().nullable().default(null).describe("How often positions are compared with the venue (null: never)"),
  positionCheckLookbackMins: nonNegativeInt().default(60).describe("How far back the position check looks for fills"),
  positionCheckThresholdMs: nonNegativeInt().default(5e3).describe("How recent a fill must be for the position check to wait"),
  positionCheckRetries: nonNegativeInt().default(3).describe("Position mismatches seen in a row before they are reconciled"),
  reconciliationStartupDelaySecs: nonNegativeInt().default(10).describe("Delay after start-up before the continuous checks begin"),
  qsize: intAtLeast(1).default(1e5).describe("Capacity of the command and event queues (not below what is queued now)"),
  allowOverfills: bool().default(false).describe("Apply a fill beyond the order quantity instead of refusing it"),
  gracefulShutdownOnException: bool().default(false).describe("On an unexpected error, stop gracefully (shutdown policy) instead of at once")
}).strict();

// ../../work/keel-E/src/engine/config/risk-engine-config.ts
import { z as z3 } from "zod";
var RATE_EXPECTED = "a rate 'COUNT/HH:MM:SS' with COUNT >= 1 and a non-zero interval (e.g. '100/00:00:01')";
var RATE_RE = /^(\d+)\/(\d{2}):([0-5]\d):([0-5]\d)$/;
function parseRate(rate) {
  const m = RATE_RE.exec(rate);
  const count = m ? Number(m[1]) : 0;
  const secs = m ? Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : 0;
  if (!m || count < 1 || secs === 0) {
    throw new EngineError("RATE_INVALID", `expected ${RATE_EXPECTED}, received '${rate}'`, { received: rate });
  }
  return { count, intervalNs: BigInt(secs) * NANOS_PER_SEC };
}
function isRate(value) {
  try {
    parseRate(value);
    return true;
  } catch {
    return false;
  }
}
var RiskEngineConfigSchema = z3.object({
  bypass: bool().default(false).describe("Skip every pre-trade check (orders go straight to the execution engine)"),
  maxOrderSubmitRate: z3.string({ error: RATE_EXPECTED }).refine(isRate, { error: RATE_EXPECTED }).default("100/00:00:01").describe("At most this many order submits per interval, as 'COUNT/HH:MM:SS'"),
  /** instrumentId → the largest notional (quantity × price, quote currency) one order may have. */
  maxNotionalPerOrder: z3.record(z3.string(), nonNegativeDecimalString(), { error: "an object of instrumentId \u2192 decimal string" }).default({}).describe("Largest notional (quantity \xD7 price) one order may have, per instrument id"),
  /** instrumentId → the largest |net position| (all strategies) an order may take it to; reducing orders always pass. */
  maxPositionPerInstrument: z3.record(z3.string(), nonNegativeDecimalString(), { error: "an object of instrumentId \u2192 decimal string" }).default({}).describe("Largest |net position| an order may take an instrument to (reducing orders pass), per instrument id"),
  /**
   * The loss circuit breaker: when the day's PnL (realized + unrealized since UTC midnight) in
   * `currency` falls to −amount or below, the node moves itself to `onDailyLoss`. Without a currency
   * the amount applies to each currency the portfolio has figures in. null: no breaker.
   */
  maxDailyLoss: z3.object({
    currency: z3.string({ error: "a currency code like 'USD'" }).regex(/^[A-Z0-9]{2,10}$/, { error: "a currency code like 'USD'" }).optional(),
    amount: nonNegativeDecimalString()
  }, { error: "an object { currency?, amount } like { currency: 'USD', amount: '500' }, or null" }).strict().nullable().default(null).describe("Loss circuit breaker: { currency?, amount }; the day's PnL at \u2212amount or below moves the node to onDailyLoss"),
  onDailyLoss: oneOf(["REDUCING", "HALTED"]).default("HALTED").describe("The trading state the loss circuit breaker moves the node to (REDUCING or HALTED)")
}).strict();

// ../../work/keel-E/src/engine/config/strategy-config.ts
import { z as z4 } from "zod";
var StrategyConfigSchema = z4.object({
  strategyId: z4.string({ error: "a name of letters, digits, '_' or '.' (e.g. 'EMACross')" }).regex(/^[A-Za-z0-9_.]+$/, { error: "a name of letters, digits, '_' or '.' (e.g. 'EMACross')" }).optional().describe("The strategy name in its id and order ids (fixed once the strategy exists)"),
  orderIdTag: z4.string({ error: "a tag of letters or digits (e.g. '001')" }).regex(/^[A-Za-z0-9]+$/, { error: "a tag of letters or digits (e.g. '001')" }).optional().describe("The tag in its id and order ids (fixed once the strategy exists)"),
  omsType: oneOf(OMS_TYPES).default("UNSPECIFIED").describe("How positions opened from now on are kept: NETTING, HEDGING, or the venue's (UNSPECIFIED)"),
  externalOrderClaims: stringList("a list of instrument ids").default([]).describe("Instruments whose external orders (made outside keel) this strategy adopts"),
  manageContingentOrders: bool().default(false).describe("Keep OTO/OCO/OUO siblings in step (cancel or resize the linked orders)"),
  manageGtdExpiry: bool().default(false).describe("Cancel GTD orders at their expire time with local timers"),
  params: z4.record(z4.string(), z4.unknown(), { error: "an object of strategy parameters" }).default({}).describe("The strategy's own parameters (validated by its paramsSchema)")
}).strict();

// ../../work/keel-E/src/engine/config/control-config.ts
import { z as z5 } from "zod";

// ../../work/keel-E/src/engine/config/config-change.ts
var CONFIG_SOURCES = ["user", "repl", "notebook", "deployed-node", "circuit-breaker"];
var ATTACH_SOURCE = /^attach:[A-Za-z0-9._-]{1,64}$/;

// ../../work/keel-E/src/engine/config/control-config.ts
var KEY_ID = "a key id of letters, digits, '.', '_' or '-' (e.g. 'ops')";
var keyId = () => z5.string({ error: KEY_ID }).regex(/^[A-Za-z0-9._-]{1,64}$/, { error: KEY_ID });
var ControlConfigSchema = z5.object({
  enabled: bool().default(false),
  host: nonEmptyString("a host name or address (default 127.0.0.1)").default("127.0.0.1"),
  /** 0: any free port (the node logs the URL it listens on). */
  port: nonNegativeInt().max(65535, { error: "a port 0..65535" }).default(0),
  keyId: keyId().default("operator"),
  keyEnv: nonEmptyString("an environment variable name").default("KEEL_CONTROL_SECRET"),
  readOnlyKeyId: keyId().default("watcher"),
  /** Unset: no read-only key. */
  readOnlyKeyEnv: nonEmptyString("an environment variable name").optional(),
  /**
   * The operator key's changes are audited under this source instead of `attach:KEY-ID`: a REPL or
   * notebook session whose node runs in its own process sets its own ('repl', 'notebook'), so the
   * audit says who typed the change, as when the node ran in the session.
   */
  auditAs: z5.enum(CONFIG_SOURCES, { error: `one of ${CONFIG_SOURCES.join(", ")}` }).optional()
}).strict();

// ../../work/keel-E/src/engine/config/trading-node-config.ts
var VenueConfigSchema = z6.object({
  venue: nonEmptyString("a venue name (e.g. 'SIM')"),
  url: z6.string({ error: "a ws:// or wss:// url" }).regex(/^wss?:\/\/\S+$/, { error: "a ws:// or wss:// url" }),
  apiKey: nonEmptyString().optional(),
  apiSecret: nonEmptyString().optional(),
  /** Environment variable names to read the keys from (deployed nodes never store secrets). */
  apiKeyEnv: nonEmptyString().optional(),
  apiSecretEnv: nonEmptyString().optional(),
  accountId: nonEmptyString().optional()
}).strict();
var StrategyEntrySchema = z6.object({
  module: nonEmptyString('a module path (e.g. "./strategy.ts")'),
  className: nonEmptyString("a class name exported by the module"),
  config: StrategyConfigSchema.prefault({})
}).strict();
var PersistenceConfigSchema = z6.discriminatedUnion(
  "kind",
  [
    z6.object({ kind: z6.literal("memory") }).strict(),
    z6.object({ kind: z6.literal("journal"), dir: nonEmptyString("a directory path") }).strict(),
    z6.object({
      kind: z6.literal("redis"),
      url: z6.string().regex(/^rediss?:\/\/\S+$/, { error: "a Redis URL such as 'redis://127.0.0.1:6379'" }),
      /** Cap of the events stream followers read (approximate, trimmed by Redis); the records stream is never trimmed. */
      eventsMaxLen: z6.number().int().positive().default(1e5)
    }).strict()
  ],
  { error: "{ kind: 'memory' }, { kind: 'journal', dir } or { kind: 'redis', url }" }
);
var TimeoutsConfigSchema = z6.object({
  connectionSecs: nonNegativeInt().default(60),
  reconciliationSecs: nonNegativeInt().default(30),
  disconnectionSecs: nonNegativeInt().default(10)
}).strict();
var SHUTDOWN_POLICIES = ["leave", "cancel", "flatten"];
var TRADER_ID = "an id 'NAME-DIGITS' (e.g. 'TRADER-001')";
var TradingNodeConfigSchema = z6.object({
  traderId: z6.string({ error: TRADER_ID }).regex(/^[A-Za-z0-9]+-\d+$/, { error: TRADER_ID }).default("TRADER-001"),
  execEngine: LiveExecEngineConfigSchema.prefault({}),
  riskEngine: RiskEngineConfigSchema.prefault({}),
  venues: z6.array(VenueConfigSchema, { error: "a list of venue connection settings" }).default([]),
  strategies: z6.array(StrategyEntrySchema, { error: "a list of { module, className, config }" }).default([]),
  persistence: PersistenceConfigSchema.prefault({ kind: "memory" }),
  timeouts: TimeoutsConfigSchema.prefault({}),
  shutdownPolicy: oneOf(SHUTDOWN_POLICIES).default("leave"),
  /** The control endpoint `keel node run` opens (absent: none). */
  control: ControlConfigSchema.optional()
}).strict();

// ../../work/keel-E/src/engine/persistence/journal-persistence.ts
import { closeSync as closeSync3, existsSync as existsSync6, fstatSync, fsyncSync as fsyncSync3, ftruncateSync, openSync as openSync3, rmSync, writeSync as writeSync3 } from "node:fs";

// ../../work/keel-E/src/engine/persistence/ensure-dir.ts
import { accessSync, constants, existsSync as existsSync2, mkdirSync, statSync } from "node:fs";
import path2 from "node:path";
function ensureWritableDir(dir, what = "journal folder") {
  const target = path2.resolve(dir);
  const missing = [];
  let at = target;
  while (!existsSync2(at)) {
    missing.unshift(at);
    const up = path2.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      const code = e.code ?? "ERROR";
      throw new EngineError("JOURNAL_DIR_UNUSABLE", `${what}: expected a folder keel can create at ${target}, received ${code} creating ${level}`, { dir: target, at: level, errno: code });
    }
  }
  if (!statSync(target).isDirectory()) {
    throw new EngineError("JOURNAL_DIR_UNUSABLE", `${what}: expected a folder at ${target}, received a file`, { dir: target, errno: "ENOTDIR" });
  }
  try {
    accessSync(target, constants.W_OK | constants.X_OK);
  } catch (e) {
    const code = e.code ?? "ERROR";
    throw new EngineError("JOURNAL_DIR_UNUSABLE", `${what}: expected a folder this process can write, received ${code} for ${target} (read-only or owned by another user)`, { dir: target, errno: code });
  }
}

// ../../work/keel-E/src/engine/persistence/journal-persistence.ts
import { join as join4 } from "node:path";

// ../../work/keel-E/src/engine/persistence/journal-files.ts
import { closeSync, existsSync as existsSync3, fsyncSync, openSync, readdirSync, readFileSync as readFileSync3, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

// ../../work/keel-E/src/engine/persistence/crc32.ts
var TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
  TABLE[n] = c >>> 0;
}
function crc32(bytes, start = 0, end = bytes.length, prev = 0) {
  let crc = (prev ^ 4294967295) >>> 0;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ bytes[i]) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}

// ../../work/keel-E/src/engine/persistence/framing.ts
var FRAME_HEADER_BYTES = 8;
var MAX_RECORD_BYTES = 64 * 1024 * 1024;
function encodeFrame(payload) {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  payload.copy(frame, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(frameCrc(frame, payload.length), 4);
  return frame;
}
function frameCrc(frame, length) {
  return crc32(frame, FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length, crc32(frame, 0, 4));
}
function scanFrames(buf) {
  const payloads = [];
  let offset = 0;
  const stop = (reason) => ({ payloads, validBytes: offset, torn: { offset, bytes: buf.length - offset, reason } });
  while (offset < buf.length) {
    if (buf.length - offset < FRAME_HEADER_BYTES) return stop("SHORT_HEADER");
    const length = buf.readUInt32LE(offset);
    if (length > MAX_RECORD_BYTES) return stop("BAD_LENGTH");
    if (buf.length - offset - FRAME_HEADER_BYTES < length) return stop("SHORT_PAYLOAD");
    const frame = buf.subarray(offset, offset + FRAME_HEADER_BYTES + length);
    if (frame.readUInt32LE(4) !== frameCrc(frame, length)) return stop("BAD_CRC");
    payloads.push(frame.subarray(FRAME_HEADER_BYTES));
    offset += FRAME_HEADER_BYTES + length;
  }
  return { payloads, validBytes: offset };
}
function frameIsValidAt(buf, offset) {
  if (buf.length - offset < FRAME_HEADER_BYTES) return false;
  const length = buf.readUInt32LE(offset);
  if (length === 0 || length > buf.length - offset - FRAME_HEADER_BYTES) return false;
  const frame = buf.subarray(offset, offset + FRAME_HEADER_BYTES + length);
  return frame.readUInt32LE(4) === frameCrc(frame, length);
}

// ../../work/keel-E/src/engine/persistence/state.ts
var MAX_MARKERS = 50;
function emptyState() {
  return {
    orders: /* @__PURE__ */ new Map(),
    orderPositions: /* @__PURE__ */ new Map(),
    positionFills: /* @__PURE__ */ new Map(),
    positions: /* @__PURE__ */ new Map(),
    orderLists: /* @__PURE__ */ new Map(),
    configChanges: [],
    lastReconciliation: void 0,
    accounts: /* @__PURE__ */ new Map(),
    markers: [],
    records: 0,
    ignored: 0
  };
}
function applyRecord(state, record) {
  state.records += 1;
  switch (record.kind) {
    case "order-event": {
      const e = record.event;
      const events = state.orders.get(e.clientOrderId);
      if (e.type === "OrderInitialized") {
        if (events) state.ignored += 1;
        else state.orders.set(e.clientOrderId, [e]);
        return;
      }
      if (!events) {
        state.ignored += 1;
        return;
      }
      const seen = seenOf(state, "order", e.clientOrderId, events, (x) => [x.eventId, ...x.type === "OrderFilled" ? [`trade:${x.tradeId}`] : []]);
      if (seen.has(e.eventId) || e.type === "OrderFilled" && seen.has(`trade:${e.tradeId}`)) {
        state.ignored += 1;
        return;
      }
      events.push(e);
      seen.add(e.eventId);
      if (e.type === "OrderFilled") seen.add(`trade:${e.tradeId}`);
      return;
    }
    case "order-position":
      state.orderPositions.set(record.clientOrderId, record.positionId);
      return;
    case "position-fill": {
      let fills = state.positionFills.get(record.positionId);
      if (!fills) state.positionFills.set(record.positionId, fills = []);
      const seen = seenOf(state, "position", record.positionId, fills, (f) => [f.tradeId]);
      if (seen.has(record.fill.tradeId)) {
        state.ignored += 1;
        return;
      }
      fills.push(record.fill);
      seen.add(record.fill.tradeId);
      return;
    }
    case "position-event":
      state.positions.set(record.event.positionId, record.event);
      return;
    case "order-list":
      if (state.orderLists.has(record.list.id)) state.ignored += 1;
      else state.orderLists.set(record.list.id, record.list);
      return;
    case "config-change":
      if (state.configChanges.some((c) => c.changeId === record.change.changeId)) state.ignored += 1;
      else state.configChanges.push(record.change);
      return;
    case "reconciliation":
      state.lastReconciliation = record.result;
      return;
    case "account-state":
      state.accounts.set(record.state.venue, record.state);
      return;
    case "marker":
      state.markers.push({ name: record.name, tsEvent: record.tsEvent, ...record.details ? { details: record.details } : {} });
      if (state.markers.length > MAX_MARKERS) state.markers.splice(0, state.markers.length - MAX_MARKERS);
      return;
    default: {
      const never = record;
      throw new Error(`unknown journal record ${String(never.kind)}`);
    }
  }
}
var seenIds = /* @__PURE__ */ new WeakMap();
function seenOf(state, scope, key, items, idsOf) {
  let byKey = seenIds.get(state);
  if (!byKey) seenIds.set(state, byKey = /* @__PURE__ */ new Map());
  const k = `${scope}\0${key}`;
  let seen = byKey.get(k);
  if (!seen) {
    seen = /* @__PURE__ */ new Set();
    for (const item of items) for (const id of idsOf(item)) seen.add(id);
    byKey.set(k, seen);
  }
  return seen;
}
function copyState(state) {
  return {
    orders: new Map([...state.orders].map(([k, v]) => [k, [...v]])),
    orderPositions: new Map(state.orderPositions),
    positionFills: new Map([...state.positionFills].map(([k, v]) => [k, [...v]])),
    positions: new Map(state.positions),
    orderLists: new Map(state.orderLists),
    configChanges: [...state.configChanges],
    lastReconciliation: state.lastReconciliation,
    accounts: new Map(state.accounts),
    markers: [...state.markers],
    records: state.records,
    ignored: state.ignored
  };
}
function stateToPlain(s) {
  return {
    orders: [...s.orders],
    orderPositions: [...s.orderPositions],
    positionFills: [...s.positionFills],
    positions: [...s.positions],
    orderLists: [...s.orderLists],
    configChanges: s.configChanges,
    lastReconciliation: s.lastReconciliation ?? null,
    accounts: [...s.accounts],
    markers: s.markers,
    records: s.records,
    ignored: s.ignored
  };
}
function stateFromPlain(p) {
  return {
    orders: new Map(p.orders),
    orderPositions: new Map(p.orderPositions),
    positionFills: new Map(p.positionFills),
    positions: new Map(p.positions),
    orderLists: new Map(p.orderLists),
    configChanges: [...p.configChanges],
    lastReconciliation: p.lastReconciliation ?? void 0,
    accounts: new Map(p.accounts ?? []),
    markers: [...p.markers],
    records: p.records,
    ignored: p.ignored
  };
}

// ../../work/keel-E/src/engine/persistence/value-codec.ts
var TAGS = /* @__PURE__ */ new Set(["$n", "$p", "$q", "$d", "$m"]);
function tag(value) {
  if (typeof value === "bigint") return { $n: value.toString() };
  if (value instanceof Price) return { $p: value.toString() };
  if (value instanceof Quantity) return { $q: value.toString() };
  if (value instanceof Decimal) return { $d: value.toString() };
  if (value instanceof Money) return { $m: `${value.amount.toString()} ${value.currency}` };
  return void 0;
}
function encodeValue(value) {
  return JSON.stringify(value, function(key, v) {
    const original = key === "" ? value : this[key];
    const tagged = tag(original);
    if (tagged !== void 0) return tagged;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && TAGS.has(keys[0])) {
        throw new EngineError("JOURNAL_ENCODE_AMBIGUOUS", `expected no plain object with the single key '${keys[0]}' (reserved for exact values), received one at '${key}'`, {
          key
        });
      }
    }
    return v;
  });
}
function decodeValue(text) {
  return JSON.parse(text, (_key, v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return v;
    const k = keys[0];
    const s = v[k];
    if (typeof s !== "string") return v;
    switch (k) {
      case "$n":
        return BigInt(s);
      case "$p":
        return Price.from(s);
      case "$q":
        return Quantity.from(s);
      case "$d":
        return Decimal.from(s);
      case "$m": {
        const [amount, currency] = s.split(" ");
        return new Money(Decimal.from(amount), currency);
      }
      default:
        return v;
    }
  });
}

// ../../work/keel-E/src/engine/persistence/journal-files.ts
var SNAPSHOT_FILE = "snapshot.bin";
var SNAPSHOT_VERSION = 1;
var SEGMENT_RE = /^segment-(\d{8})\.log$/;
function segmentFile(n) {
  return `segment-${String(n).padStart(8, "0")}.log`;
}
function listSegments(dir) {
  if (!existsSync3(dir)) return [];
  return readdirSync(dir).map((f) => SEGMENT_RE.exec(f)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
}
function encodeRecord(record) {
  return encodeFrame(Buffer.from(encodeValue(record), "utf8"));
}
function decodeRecord(payload, dir, segment) {
  try {
    return decodeValue(payload.toString("utf8"));
  } catch (e) {
    throw new EngineError("JOURNAL_RECORD_UNREADABLE", `expected a journal record this version can decode in ${segmentFile(segment)}, received: ${e.message}`, { dir, segment });
  }
}
function readSnapshotFrame(path3) {
  const scan = scanFrames(readFileSync3(path3));
  if (scan.torn || scan.payloads.length !== 1) {
    return { kind: "bad", offset: scan.torn?.offset ?? scan.validBytes, message: `expected one intact frame in ${SNAPSHOT_FILE}, received ${scan.payloads.length} frame(s)${scan.torn ? ` and a bad frame (${scan.torn.reason})` : ""}` };
  }
  const body = decodeValue(scan.payloads[0].toString("utf8"));
  if (body.version !== SNAPSHOT_VERSION) {
    throw new EngineError("JOURNAL_SNAPSHOT_VERSION", `expected snapshot version ${SNAPSHOT_VERSION}, received ${String(body.version)}`, { path: path3 });
  }
  return { kind: "ok", state: stateFromPlain(body.state), segment: body.segment };
}
function writeSnapshot(dir, state, segment) {
  const body = { version: SNAPSHOT_VERSION, segment, state: stateToPlain(state) };
  const frame = encodeFrame(Buffer.from(encodeValue(body), "utf8"));
  const tmp = join(dir, `${SNAPSHOT_FILE}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, frame);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, SNAPSHOT_FILE));
  fsyncDir(dir);
}
function fsyncDir(dir) {
  let fd;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}

// ../../work/keel-E/src/engine/persistence/journal-head.ts
import { closeSync as closeSync2, existsSync as existsSync4, fsyncSync as fsyncSync2, openSync as openSync2, readFileSync as readFileSync4, writeSync as writeSync2 } from "node:fs";
import { join as join2 } from "node:path";
var HEAD_FILE = "head.bin";
var MAGIC = 826951755;
var SIZE = 28;
function readHead(dir) {
  const path3 = join2(dir, HEAD_FILE);
  if (!existsSync4(path3)) return { kind: "missing" };
  const buf = readFileSync4(path3);
  if (buf.length !== SIZE) return { kind: "corrupt", reason: `expected ${SIZE} bytes, received ${buf.length}` };
  if (buf.readUInt32LE(0) !== MAGIC) return { kind: "corrupt", reason: "bad magic" };
  if (buf.readUInt32LE(24) !== crc32(buf, 0, 24)) return { kind: "corrupt", reason: "bad CRC" };
  return {
    kind: "ok",
    head: { segment: buf.readUInt32LE(4), snapshotSegment: buf.readUInt32LE(8), committedBytes: Number(buf.readBigUInt64LE(12)) }
  };
}
function encodeHead(h) {
  const buf = Buffer.alloc(SIZE);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(h.segment, 4);
  buf.writeUInt32LE(h.snapshotSegment, 8);
  buf.writeBigUInt64LE(BigInt(h.committedBytes), 12);
  buf.writeUInt32LE(crc32(buf, 0, 24), 24);
  return buf;
}
var HeadFile = class {
  fd;
  constructor(dir) {
    const path3 = join2(dir, HEAD_FILE);
    this.fd = openSync2(path3, existsSync4(path3) ? "r+" : "w+");
  }
  /** Overwrite the head; `sync` also fsyncs it (at open and compaction, not per batch). */
  write(h, sync = false) {
    const buf = encodeHead(h);
    writeSync2(this.fd, buf, 0, SIZE, 0);
    if (sync) fsyncSync2(this.fd);
  }
  close() {
    closeSync2(this.fd);
  }
};

// ../../work/keel-E/src/engine/persistence/journal-scan.ts
import { existsSync as existsSync5, readFileSync as readFileSync5 } from "node:fs";
import { join as join3 } from "node:path";
var RECOVER_HINT = "the journal is damaged; refusing to start on a partial history. Run `keel node recover DIR` to keep the intact part and rebuild the rest from the venue";
function scanJournal(dir) {
  const inspection = inspectJournal(dir);
  const first = inspection.damage[0];
  if (first) throw damageError(dir, first, inspection.damage);
  const { state, snapshotSegment, head, segments, torn } = inspection;
  return { state, snapshotSegment, head, segments, ...torn ? { torn } : {} };
}
function damageError(dir, d, all = [d]) {
  return new EngineError(d.code, `${d.message} (${d.file} at byte ${d.offset}): ${RECOVER_HINT}`, {
    dir,
    file: d.file,
    offset: d.offset,
    damage: all.map((x) => ({ code: x.code, file: x.file, offset: x.offset })),
    recovery: "keel node recover DIR"
  });
}
function inspectJournal(dir) {
  const damage = [];
  const segmentsOnDisk = listSegments(dir);
  const headRead = readHead(dir);
  const headPath = join3(dir, HEAD_FILE);
  const head = headRead.kind === "ok" ? headRead.head : void 0;
  if (headRead.kind === "corrupt") damage.push({ code: "JOURNAL_HEAD_CORRUPT", file: headPath, offset: 0, message: `expected an intact journal head, received one with ${headRead.reason}` });
  const snapshotPath = join3(dir, SNAPSHOT_FILE);
  let state = emptyState();
  let snapshotSegment = 1;
  let prefixBroken = false;
  if (existsSync5(snapshotPath)) {
    const snap = readSnapshotFrame(snapshotPath);
    if (snap.kind === "ok") {
      state = snap.state;
      snapshotSegment = snap.segment;
    } else {
      damage.push({ code: "JOURNAL_SNAPSHOT_CORRUPT", file: snapshotPath, offset: snap.offset, message: snap.message });
      prefixBroken = true;
      snapshotSegment = head?.snapshotSegment || (segmentsOnDisk[0] ?? 1);
    }
  } else {
    const lowest = segmentsOnDisk[0];
    const expected = head !== void 0 && head.snapshotSegment > 0 ? head.snapshotSegment : lowest !== void 0 && lowest > 1 ? lowest : 0;
    if (expected > 0) {
      damage.push({ code: "JOURNAL_SNAPSHOT_MISSING", file: snapshotPath, offset: 0, message: `expected ${SNAPSHOT_FILE} (the state before segment ${expected}), received no such file` });
      prefixBroken = true;
      snapshotSegment = expected;
    }
  }
  if (head !== void 0 && !prefixBroken && head.snapshotSegment > snapshotSegment) {
    damage.push({ code: "JOURNAL_SNAPSHOT_MISSING", file: snapshotPath, offset: 0, message: `expected the snapshot before segment ${head.snapshotSegment}, received an older one (before segment ${snapshotSegment})` });
    prefixBroken = true;
  }
  const live = segmentsOnDisk.filter((n) => n >= snapshotSegment);
  const newest = Math.max(head?.segment ?? 0, live.at(-1) ?? 0, snapshotSegment);
  const anyRecords = live.some((n) => readFileSync5(join3(dir, segmentFile(n))).length > 0);
  if (headRead.kind === "missing" && (anyRecords || existsSync5(snapshotPath))) {
    damage.push({ code: "JOURNAL_HEAD_MISSING", file: headPath, offset: 0, message: `expected ${HEAD_FILE} (how much of the newest segment was acknowledged), received no such file` });
  }
  const segments = [];
  let torn;
  for (let n = snapshotSegment; n <= newest; n++) {
    const file = join3(dir, segmentFile(n));
    const isNewest = n === newest;
    if (!existsSync5(file)) {
      if (isNewest && head === void 0 && live.length === 0 && !existsSync5(snapshotPath)) break;
      damage.push({ code: "JOURNAL_SEGMENT_MISSING", file, offset: 0, message: `expected ${segmentFile(n)} (segments run from ${segmentFile(snapshotSegment)} to ${segmentFile(newest)}), received no such file` });
      prefixBroken = true;
      continue;
    }
    const buf = readFileSync5(file);
    const scan = scanFrames(buf);
    const committed = isNewest ? head?.segment === n ? head.committedBytes : 0 : buf.length;
    if (isNewest && buf.length < committed) {
      damage.push({ code: "JOURNAL_TRUNCATED", file, offset: buf.length, message: `expected ${segmentFile(n)} to hold at least ${committed} bytes (acknowledged), received ${buf.length} bytes` });
    } else if (scan.torn) {
      const at = scan.torn.offset;
      const follower = at >= committed ? nextValidFrame(buf, at + 1) : void 0;
      if (!isNewest || at < committed) {
        damage.push({ code: "JOURNAL_CORRUPT", file, offset: at, message: `expected intact records in ${segmentFile(n)} up to byte ${committed} (${isNewest ? "acknowledged" : "not the newest segment"}), received a bad record at byte ${at} (${scan.torn.reason})` });
      } else if (follower !== void 0) {
        damage.push({ code: "JOURNAL_CORRUPT", file, offset: at, message: `expected only the last record of ${segmentFile(n)} to be torn, received a bad record at byte ${at} (${scan.torn.reason}) followed by a valid one at byte ${follower}` });
      } else {
        torn = { ...scan.torn, segment: n, file };
      }
    }
    if (!prefixBroken) {
      for (const p of scan.payloads) applyRecord(state, decodeRecord(p, dir, n));
      segments.push({ n, file, validBytes: scan.validBytes, records: scan.payloads.length });
    }
    if (damage.some((d) => d.file === file)) prefixBroken = true;
  }
  return { dir, state, snapshotSegment, head, segments, ...torn ? { torn } : {}, damage };
}
function nextValidFrame(buf, from) {
  for (let i = from; i + FRAME_HEADER_BYTES < buf.length; i++) if (frameIsValidAt(buf, i)) return i;
  return void 0;
}

// ../../work/keel-E/src/engine/persistence/journal-persistence.ts
var timerSeq = 0;
var JournalPersistence = class _JournalPersistence {
  constructor(dir, options, state, at, fd, head, openInfo) {
    this.dir = dir;
    this.openInfo = openInfo;
    this.state = state;
    this.segment = at.segment;
    this.bytes = at.bytes;
    this.snapshotSegment = at.snapshotSegment;
    this.fd = fd;
    this.head = head;
    this.timerName = `journal-flush-${++timerSeq}`;
    this.retryTimerName = `journal-retry-${timerSeq}`;
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatchRecords = options.maxBatchRecords ?? 512;
    this.maxBatchBytes = options.maxBatchBytes ?? 1024 * 1024;
    this.syncTypes = new Set(options.syncEventTypes ?? ["OrderSubmitted"]);
    this.snapshotEvery = options.snapshotEveryRecords ?? 1e4;
    this.retryIntervalMs = options.retryIntervalMs ?? 250;
    if (options.clock) this.useClock(options.clock);
  }
  dir;
  openInfo;
  kind = "journal";
  state;
  fd;
  segment;
  /** Acknowledged (written and fsync'd) bytes of the current segment. */
  bytes;
  snapshotSegment;
  head;
  pending = [];
  pendingBytes = 0;
  sinceSnapshot = 0;
  closed = false;
  timerName;
  retryTimerName;
  flushIntervalMs;
  maxBatchRecords;
  maxBatchBytes;
  syncTypes;
  snapshotEvery;
  retryIntervalMs;
  _flushes = 0;
  _failure;
  listeners = /* @__PURE__ */ new Set();
  clock;
  /**
   * Drive the time-based flush from this clock (the node's), if none drives it yet. `attachPersistence`
   * calls it, so a journal opened without a clock still flushes on time once attached to a node.
   */
  useClock(clock) {
    if (this.clock || this.closed) return;
    this.clock = clock;
    if (this.flushIntervalMs > 0) {
      clock.setTimer(this.timerName, msToNs(this.flushIntervalMs), () => {
        if (this.pending.length > 0 && !this.closed && this._failure === void 0) this.flushSync();
      });
    }
    if (this._failure !== void 0) this.armRetry();
  }
  /**
   * Open (creating) a journal directory for writing. Refuses a damaged journal (a coded EngineError naming
   * the file and byte offset, see journal-scan.ts); cuts a torn last record off the newest segment; drops
   * segments a snapshot already covers; appends to the newest segment.
   */
  static open(dir, options = {}) {
    ensureWritableDir(dir);
    const scan = scanJournal(dir);
    for (const n of listSegments(dir)) if (n < scan.snapshotSegment) rmSync(join4(dir, segmentFile(n)), { force: true });
    const last = scan.segments[scan.segments.length - 1];
    const segment = last?.n ?? scan.snapshotSegment;
    const fd = openSync3(join4(dir, segmentFile(segment)), "a+");
    if (scan.torn) {
      ftruncateSync(fd, scan.torn.offset);
      fsyncSync3(fd);
    }
    if (!last) fsyncDir(dir);
    const bytes = fstatSync(fd).size;
    const snapshotSegment = existsSync6(join4(dir, SNAPSHOT_FILE)) ? scan.snapshotSegment : 0;
    const head = new HeadFile(dir);
    head.write({ segment, snapshotSegment, committedBytes: bytes }, true);
    fsyncDir(dir);
    const info = { records: scan.state.records, segment, ...scan.torn ? { torn: scan.torn } : {} };
    const journal = new _JournalPersistence(dir, options, scan.state, { segment, bytes, snapshotSegment }, fd, head, info);
    journal.sinceSnapshot = scan.segments.reduce((n, s) => n + s.records, 0);
    return journal;
  }
  /** Batches written so far (each one write + fsync). */
  get flushes() {
    return this._flushes;
  }
  get pendingRecords() {
    return this.pending.length;
  }
  get currentSegment() {
    return this.segment;
  }
  /** Why appended records cannot be made durable right now (undefined: the journal writes). */
  get failure() {
    return this._failure;
  }
  onHealth(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  append(records) {
    if (this.closed) throw new EngineError("PERSISTENCE_CLOSED", `expected an open journal, received append after close (${this.dir})`, { dir: this.dir });
    let sync = false;
    for (const r of records) {
      const frame = encodeRecord(r);
      applyRecord(this.state, r);
      this.pending.push(frame);
      this.pendingBytes += frame.length;
      if (r.kind === "order-event" && this.syncTypes.has(r.event.type)) sync = true;
    }
    if (this._failure !== void 0) return;
    if (sync || this.pending.length >= this.maxBatchRecords || this.pendingBytes >= this.maxBatchBytes) this.flushSync();
  }
  /** Write everything pending now; undefined when it is durable, else why not (the records stay pending). */
  makeDurable() {
    this.flushSync();
    return this._failure;
  }
  async load() {
    return copyState(this.state);
  }
  /** Make everything appended durable; rejects with the failure when the journal cannot write. */
  async flush() {
    this.flushSync();
    if (this._failure) throw this._failure;
  }
  /**
   * Write and fsync everything appended; then snapshot if enough records piled up since the last one.
   * Never throws for an I/O failure: see the class comment.
   */
  flushSync() {
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const count = this.pending.length;
    try {
      writeAll(this.fd, batch);
      fsyncSync3(this.fd);
    } catch (e) {
      this.writeFailed(e, batch.length);
      return;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.bytes += batch.length;
    this.head.write({ segment: this.segment, snapshotSegment: this.snapshotSegment, committedBytes: this.bytes });
    this._flushes += 1;
    this.sinceSnapshot += count;
    if (this._failure !== void 0) this.writeRecovered();
    if (this.snapshotEvery > 0 && this.sinceSnapshot >= this.snapshotEvery) this.compact();
  }
  writeFailed(e, batchBytes) {
    try {
      ftruncateSync(this.fd, this.bytes);
    } catch {
    }
    const err = e;
    const first = this._failure === void 0;
    this._failure = new EngineError("JOURNAL_UNWRITABLE", `expected the journal to write ${batchBytes} bytes (${this.pending.length} records) to ${join4(this.dir, segmentFile(this.segment))}, received ${err.code ?? "an error"}: ${err.message}`, {
      dir: this.dir,
      file: join4(this.dir, segmentFile(this.segment)),
      offset: this.bytes,
      errno: err.code,
      pendingRecords: this.pending.length
    });
    if (!first) return;
    this.armRetry();
    for (const l of this.listeners) l(this._failure);
  }
  writeRecovered() {
    this._failure = void 0;
    this.clock?.cancelTimer(this.retryTimerName);
    for (const l of this.listeners) l(void 0);
  }
  armRetry() {
    if (!this.clock || this.closed) return;
    this.clock.cancelTimer(this.retryTimerName);
    this.clock.setTimer(this.retryTimerName, msToNs(this.retryIntervalMs), () => {
      if (!this.closed && this._failure !== void 0) {
        ftruncateSafe(this.fd, this.bytes);
        this.flushSync();
      }
    });
  }
  /** Start a new segment (without a snapshot): the older ones stay and are replayed in order. */
  rotate() {
    if (this.closed) return;
    this.flushSync();
    if (this._failure) throw this._failure;
    this.openSegment(this.segment + 1);
  }
  openSegment(next) {
    const fd = openSync3(join4(this.dir, segmentFile(next)), "a+");
    fsyncDir(this.dir);
    closeSync3(this.fd);
    this.fd = fd;
    this.segment = next;
    this.bytes = 0;
    this.head.write({ segment: next, snapshotSegment: this.snapshotSegment, committedBytes: 0 }, true);
  }
  /**
   * Snapshot the folded state and start a new segment; older segments are deleted. Order of steps: new
   * segment + head first, then the snapshot naming that segment, then the head naming the snapshot, then
   * deletions — a crash at any step leaves a journal that opens with nothing lost (old snapshot + every
   * segment since, or the new snapshot + stale segments a later open ignores and deletes).
   */
  compact() {
    if (this.closed) return;
    this.flushSync();
    if (this._failure) return;
    const next = this.segment + 1;
    this.openSegment(next);
    writeSnapshot(this.dir, this.state, next);
    this.snapshotSegment = next;
    this.head.write({ segment: next, snapshotSegment: next, committedBytes: 0 }, true);
    for (const n of listSegments(this.dir)) if (n < next) rmSync(join4(this.dir, segmentFile(n)), { force: true });
    this.sinceSnapshot = 0;
  }
  async close() {
    if (this.closed) return;
    this.flushSync();
    this.closed = true;
    this.clock?.cancelTimer(this.timerName);
    this.clock?.cancelTimer(this.retryTimerName);
    closeSync3(this.fd);
    this.head.close();
  }
};
function writeAll(fd, buf) {
  let off = 0;
  while (off < buf.length) {
    const n = writeSync3(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error(`short write: ${off} of ${buf.length} bytes`), { code: "ENOSPC" });
    off += n;
  }
}
function ftruncateSafe(fd, length) {
  try {
    ftruncateSync(fd, length);
  } catch {
  }
}

// ../../work/keel-E/src/engine/persistence/memory-persistence.ts
var MemoryPersistence = class {
  kind = "memory";
  state = emptyState();
  closed = false;
  append(records) {
    if (this.closed) throw new EngineError("PERSISTENCE_CLOSED", "expected an open persistence, received append after close", { kind: this.kind });
    for (const r of records) applyRecord(this.state, r);
  }
  async load() {
    return copyState(this.state);
  }
  async flush() {
  }
  async close() {
    this.closed = true;
  }
};

// ../../work/keel-E/src/engine/persistence/redis-persistence.ts
import { Redis } from "ioredis";

// ../../work/keel-E/src/engine/persistence/redis-layout.ts
function redisKeys(traderId) {
  const base2 = `keel:{${traderId}}`;
  return { records: `${base2}:records`, events: `${base2}:events`, seq: `${base2}:seq` };
}
function recordFields(record) {
  const data = encodeValue(record);
  switch (record.kind) {
    case "order-event":
      return { kind: record.kind, type: record.event.type, id: record.event.clientOrderId, data, publish: true };
    case "position-event":
      return { kind: record.kind, type: record.event.type, id: record.event.positionId, data, publish: true };
    case "config-change":
      return { kind: record.kind, type: "ConfigChange", id: record.change.changeId, data, publish: true };
    case "order-position":
      return { kind: record.kind, type: record.kind, id: record.clientOrderId, data, publish: false };
    case "position-fill":
      return { kind: record.kind, type: record.kind, id: record.positionId, data, publish: false };
    case "order-list":
      return { kind: record.kind, type: record.kind, id: record.list.id, data, publish: false };
    case "reconciliation":
      return { kind: record.kind, type: "ReconciliationResult", id: "", data, publish: false };
    case "account-state":
      return { kind: record.kind, type: "AccountState", id: record.state.venue, data, publish: false };
    case "marker":
      return { kind: record.kind, type: "marker", id: record.name, data, publish: false };
    default: {
      const never = record;
      throw new Error(`unknown journal record ${String(never.kind)}`);
    }
  }
}
function recordOfEntry(fields) {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === "data") return decodeValue(fields[i + 1]);
  return void 0;
}
var APPEND_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
local first = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
if first <= last then return last end
if first ~= last + 1 then return redis.error_reply('KEEL_SEQ_GAP expected ' .. (last + 1) .. ' received ' .. first) end
local i = 4
for s = first, first + n - 1 do
  redis.call('XADD', KEYS[1], '*', 'seq', s, 'kind', ARGV[i], 'type', ARGV[i + 1], 'id', ARGV[i + 2], 'data', ARGV[i + 3])
  if ARGV[i + 4] == '1' then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'seq', s, 'kind', ARGV[i], 'type', ARGV[i + 1], 'id', ARGV[i + 2], 'data', ARGV[i + 3])
  end
  i = i + 5
end
redis.call('SET', KEYS[3], first + n - 1)
return first + n - 1
`;

// ../../work/keel-E/src/engine/persistence/redis-persistence.ts
var timerSeq2 = 0;
var RedisPersistence = class _RedisPersistence {
  constructor(url, traderId, redis, state, lastSeq, options) {
    this.url = url;
    this.traderId = traderId;
    this.redis = redis;
    this.state = state;
    this.keys = redisKeys(traderId);
    this.nextSeq = lastSeq + 1;
    this.timerName = `redis-flush-${++timerSeq2}`;
    this.retryTimerName = `redis-retry-${timerSeq2}`;
    this.flushIntervalMs = options.flushIntervalMs ?? 20;
    this.maxBatch = options.maxBatchRecords ?? 512;
    this.syncTypes = new Set(options.syncEventTypes ?? ["OrderSubmitted"]);
    this.retryIntervalMs = options.retryIntervalMs ?? 250;
    this.eventsMaxLen = options.eventsMaxLen ?? 1e5;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5e3;
    redis.on("close", () => {
      if (this.closed) return;
      this.sent = 0;
      this.fail(`the connection to ${this.url} closed`);
    });
    redis.on("ready", () => {
      if (this._failure !== void 0) this.resend();
    });
    if (options.clock) this.useClock(options.clock);
  }
  url;
  traderId;
  redis;
  state;
  kind = "redis";
  keys;
  /** Appended and not yet acknowledged by Redis, in sequence order. */
  queue = [];
  /** How many of `queue` (from its start) were sent on the current connection. */
  sent = 0;
  nextSeq;
  closed = false;
  _failure;
  listeners = /* @__PURE__ */ new Set();
  waiters = [];
  /** `durable()` callers, in sequence order (each waits for the records appended before it asked). */
  ackWaiters = [];
  ackTimeoutMs;
  /** Names each `durable()` caller's timeout alert uniquely (two callers may wait for the same record). */
  ackCount = 0;
  clock;
  timerName;
  retryTimerName;
  flushIntervalMs;
  maxBatch;
  syncTypes;
  retryIntervalMs;
  eventsMaxLen;
  _batches = 0;
  /**
   * Connect and fold what the trader id has stored. Redis not answering is a `REDIS_UNREACHABLE` error
   * naming the URL (nothing is retried at start: a node must not start on a store it cannot read).
   */
  static async open(options) {
    const { url } = options;
    const redis = new Redis(url, {
      lazyConnect: true,
      // The persistence keeps its own queue and resends in order: ioredis must neither queue nor resend.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 3e3,
      retryStrategy: () => null
    });
    let lastError;
    redis.on("error", (e) => {
      lastError = e;
    });
    try {
      await redis.connect();
      const state = emptyState();
      const lastSeq = await loadRecords(redis, redisKeys(options.traderId), state);
      redis.options.retryStrategy = (times) => Math.min(50 * times, 500);
      return new _RedisPersistence(url, options.traderId, redis, state, lastSeq, options);
    } catch (e) {
      redis.disconnect();
      if (e instanceof EngineError) throw e;
      const why = describe(lastError ?? e);
      throw new EngineError("REDIS_UNREACHABLE", `expected a Redis server answering at ${url}, received ${why}`, { url, error: why });
    }
  }
  /** Script calls acknowledged so far (each one batch). */
  get batches() {
    return this._batches;
  }
  /** Records appended and not yet acknowledged by Redis. */
  get pendingRecords() {
    return this.queue.length;
  }
  get failure() {
    return this._failure;
  }
  onHealth(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Drive the time-based flush and the retry from this clock (the node's), if none drives them yet. */
  useClock(clock) {
    if (this.clock || this.closed) return;
    this.clock = clock;
    if (this.flushIntervalMs > 0) {
      clock.setTimer(this.timerName, msToNs(this.flushIntervalMs), () => {
        if (this._failure === void 0 && this.sent < this.queue.length) this.send();
      });
    }
    if (this._failure !== void 0) this.armRetry();
  }
  append(records) {
    if (this.closed) throw new EngineError("PERSISTENCE_CLOSED", `expected an open Redis persistence, received append after close (${this.url})`, { url: this.url });
    let sync = false;
    for (const r of records) {
      const fields = recordFields(r);
      applyRecord(this.state, r);
      this.queue.push({ seq: this.nextSeq++, fields });
      if (r.kind === "order-event" && this.syncTypes.has(r.event.type)) sync = true;
    }
    if (this._failure !== void 0) return;
    if (sync || this.queue.length - this.sent >= this.maxBatch || !this.clock) this.send();
  }
  /** Send everything queued now: undefined when it is on its way to a connected Redis, else why not. */
  makeDurable() {
    if (this._failure === void 0) this.send();
    return this._failure;
  }
  /**
   * The write-ahead of a submit with Redis: resolves with undefined once Redis acknowledged every record
   * appended so far (the batch holding the order's OrderSubmitted), with the failure when the connection
   * goes or a write fails, and with REDIS_ACK_TIMEOUT when no answer comes within `ackTimeoutMs` on the
   * clock (a server that hangs without closing the connection must not hold an order forever).
   */
  durable() {
    if (this._failure !== void 0) return Promise.resolve(this._failure);
    const seq2 = this.nextSeq - 1;
    if (this.queue.length === 0 || this.queue[0].seq > seq2) return Promise.resolve(void 0);
    if (this.sent < this.queue.length) this.send();
    return new Promise((resolve) => {
      const clock = this.clock;
      const timer = clock && this.ackTimeoutMs > 0 ? `${this.timerName}-ack-${++this.ackCount}` : void 0;
      const waiter = { seq: seq2, timer, resolve };
      this.ackWaiters.push(waiter);
      if (timer === void 0) return;
      clock.setTimeAlert(timer, clock.timestampNs() + msToNs(this.ackTimeoutMs), () => {
        const i = this.ackWaiters.indexOf(waiter);
        if (i < 0) return;
        this.ackWaiters.splice(i, 1);
        resolve(new EngineError("REDIS_ACK_TIMEOUT", `expected Redis at ${this.url} to acknowledge record ${seq2} within ${this.ackTimeoutMs} ms, received no answer`, {
          url: this.url,
          traderId: this.traderId,
          seq: seq2,
          timeoutMs: this.ackTimeoutMs
        }));
      });
    });
  }
  /** Answer the `durable()` callers up to `last` (undefined: acknowledged) or all of them (a failure). */
  answerAcks(last, failure) {
    let n = 0;
    while (n < this.ackWaiters.length && (failure !== void 0 || this.ackWaiters[n].seq <= last)) n += 1;
    if (n === 0) return;
    for (const w of this.ackWaiters.splice(0, n)) {
      if (w.timer !== void 0) this.clock?.cancelTimer(w.timer);
      w.resolve(failure);
    }
  }
  async load() {
    return copyState(this.state);
  }
  /** Resolves once Redis acknowledged everything appended; rejects with the failure while it cannot write. */
  async flush() {
    if (this._failure !== void 0) throw this._failure;
    this.send();
    if (this.queue.length === 0) return;
    await new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }
  async close() {
    if (this.closed) return;
    try {
      await this.flush();
    } catch {
    }
    this.closed = true;
    this.answerAcks(0, new EngineError("PERSISTENCE_CLOSED", `expected an open Redis persistence, received close while records waited for acknowledgement (${this.url})`, { url: this.url }));
    this.clock?.cancelTimer(this.timerName);
    this.clock?.cancelTimer(this.retryTimerName);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
  /** Send the queued records not sent yet on this connection, in batches, in order. */
  send() {
    if (this.closed) return;
    if (this.redis.status !== "ready") {
      this.fail(`the connection to ${this.url} is ${this.redis.status}`);
      return;
    }
    while (this.sent < this.queue.length) {
      const batch = this.queue.slice(this.sent, this.sent + this.maxBatch);
      this.sent += batch.length;
      const args = [batch[0].seq, batch.length, this.eventsMaxLen];
      for (const { fields: f } of batch) args.push(f.kind, f.type, f.id, f.data, f.publish ? "1" : "0");
      this.redis.eval(APPEND_SCRIPT, 3, this.keys.records, this.keys.events, this.keys.seq, ...args).then(
        (last) => this.acked(Number(last)),
        (e) => {
          this.sent = 0;
          this.fail(`a write to ${this.url} failed: ${describe(e)}`);
        }
      );
    }
  }
  acked(last) {
    this._batches += 1;
    let dropped = 0;
    while (this.queue.length > dropped && this.queue[dropped].seq <= last) dropped += 1;
    if (dropped > 0) {
      this.queue = this.queue.slice(dropped);
      this.sent = Math.max(0, this.sent - dropped);
    }
    if (this._failure !== void 0 && this.sent === 0 && this.redis.status === "ready") this.recovered();
    if (this.queue.length === 0) for (const w of this.waiters.splice(0)) w.resolve();
    this.answerAcks(last, void 0);
  }
  fail(why) {
    const first = this._failure === void 0;
    this._failure = new EngineError("REDIS_UNWRITABLE", `expected Redis at ${this.url} to take ${this.queue.length} pending records, received: ${why}`, {
      url: this.url,
      traderId: this.traderId,
      pendingRecords: this.queue.length
    });
    for (const w of this.waiters.splice(0)) w.reject(this._failure);
    this.answerAcks(0, this._failure);
    if (!first) return;
    this.armRetry();
    for (const l of this.listeners) l(this._failure);
  }
  recovered() {
    this._failure = void 0;
    this.clock?.cancelTimer(this.retryTimerName);
    for (const l of this.listeners) l(void 0);
    if (this.sent < this.queue.length) this.send();
  }
  /** Everything unacknowledged again, from the oldest (the script skips what Redis already has). */
  resend() {
    if (this.closed || this.redis.status !== "ready") return;
    this.sent = 0;
    if (this.queue.length === 0) return this.recovered();
    this.send();
  }
  armRetry() {
    if (!this.clock || this.closed) return;
    this.clock.cancelTimer(this.retryTimerName);
    this.clock.setTimer(this.retryTimerName, msToNs(this.retryIntervalMs), () => {
      if (!this.closed && this._failure !== void 0 && this.redis.status === "ready") this.resend();
    });
  }
};
async function loadRecords(redis, keys, state) {
  const lastSeq = Number(await redis.get(keys.seq) ?? "0");
  let start = "-";
  for (; ; ) {
    const entries = await redis.xrange(keys.records, start, "+", "COUNT", 1e3);
    for (const [, fields] of entries) {
      const record = recordOfEntry(fields);
      if (record) applyRecord(state, record);
    }
    if (entries.length < 1e3) break;
    start = `(${entries[entries.length - 1][0]}`;
  }
  return lastSeq;
}
function describe(e) {
  if (e instanceof Error) return e.code ? `${e.code}: ${e.message}` : e.message;
  return String(e);
}

// ../../work/keel-E/src/engine/node/open-persistence.ts
async function openPersistence(p, traderId) {
  switch (p.kind) {
    case "memory":
      return new MemoryPersistence();
    case "journal":
      return JournalPersistence.open(p.dir);
    case "redis":
      return RedisPersistence.open({ url: p.url, traderId, eventsMaxLen: p.eventsMaxLen });
    default: {
      const never = p;
      throw new Error(`unknown persistence ${String(never.kind)}`);
    }
  }
}

// ../../work/keel-E/src/engine/model/identifiers.ts
import * as crypto from "node:crypto";
import { createHash, randomFillSync } from "node:crypto";
function idTag(id) {
  const dash = id.lastIndexOf("-");
  if (dash <= 0 || dash === id.length - 1) {
    throw new EngineError("ID_TAG_MISSING", `expected an id of the form 'NAME-TAG' (e.g. 'TRADER-001'), received '${id}'`, { received: id });
  }
  return id.slice(dash + 1);
}
function formatIdTimestamp(tsNs) {
  const secs = tsNs / 1000000000n - (tsNs < 0n && tsNs % 1000000000n !== 0n ? 1n : 0n);
  let days = secs / 86400n;
  let rem = secs % 86400n;
  if (rem < 0n) {
    rem += 86400n;
    days -= 1n;
  }
  const { y, m, d } = civilFromDays(Number(days));
  const hh = Number(rem / 3600n);
  const mm = Number(rem % 3600n / 60n);
  const ss = Number(rem % 60n);
  return `${pad(y, 4)}${pad(m, 2)}${pad(d, 2)}-${pad(hh, 2)}${pad(mm, 2)}${pad(ss, 2)}`;
}
function pad(n, width) {
  return String(n).padStart(width, "0");
}
function civilFromDays(z10) {
  z10 += 719468;
  const era = Math.floor(z10 / 146097);
  const doe = z10 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}
function maxIdCount(ids, prefix, traderTagValue, strategyTagValue) {
  const re = new RegExp(`^${escapeRe(prefix)}-\\d{8}-\\d{6}-${escapeRe(traderTagValue)}-${escapeRe(strategyTagValue)}-(\\d+)F*$`);
  let max = 0;
  for (const id of ids) {
    const m = re.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}
function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
var CountingIdGenerator = class {
  constructor(prefix, traderId, strategyId, clock) {
    this.prefix = prefix;
    this.clock = clock;
    this.traderTagValue = idTag(traderId);
    this.strategyTagValue = idTag(strategyId);
  }
  prefix;
  clock;
  count = 0;
  traderTagValue;
  strategyTagValue;
  /** The count of the last id generated (0 before the first). */
  get currentCount() {
    return this.count;
  }
  /** Continue after a restart: the next id gets `n + 1`. */
  setCount(n) {
    if (!Number.isInteger(n) || n < 0) {
      throw new EngineError("ID_COUNT_INVALID", `expected a non-negative integer count, received ${String(n)}`, { received: n });
    }
    this.count = n;
  }
  /** Set the count from the ids this strategy already has (the max of their counts). */
  setCountFromIds(ids) {
    this.count = maxIdCount(ids, this.prefix, this.traderTagValue, this.strategyTagValue);
  }
  generate() {
    this.count += 1;
    return `${this.prefix}-${formatIdTimestamp(this.clock.timestampNs())}-${this.traderTagValue}-${this.strategyTagValue}-${this.count}`;
  }
};
var PositionIdGenerator = class {
  constructor(traderId, clock) {
    this.traderId = traderId;
    this.clock = clock;
  }
  traderId;
  clock;
  byStrategy = /* @__PURE__ */ new Map();
  of(strategyId) {
    let g = this.byStrategy.get(strategyId);
    if (!g) {
      g = new CountingIdGenerator("P", this.traderId, strategyId, this.clock);
      this.byStrategy.set(strategyId, g);
    }
    return g;
  }
  generate(strategyId) {
    return this.of(strategyId).generate();
  }
  count(strategyId) {
    return this.of(strategyId).currentCount;
  }
  setCount(strategyId, n) {
    this.of(strategyId).setCount(n);
  }
  setCountFromIds(strategyId, ids) {
    this.of(strategyId).setCountFromIds(ids);
  }
};
function flipPositionId(positionId) {
  return `${positionId}F`;
}
function nettingPositionId(instrumentId, strategyId) {
  let byStrategy = NETTING_IDS.get(instrumentId);
  if (byStrategy === void 0) {
    byStrategy = /* @__PURE__ */ new Map();
    if (NETTING_IDS.size < 1e4) NETTING_IDS.set(instrumentId, byStrategy);
  }
  let id = byStrategy.get(strategyId);
  if (id === void 0) {
    id = `${instrumentId}-${strategyId}`;
    if (byStrategy.size < 1e4) byStrategy.set(strategyId, id);
  }
  return id;
}
var NETTING_IDS = /* @__PURE__ */ new Map();
function externalClientOrderId(venue, venueOrderId) {
  return `V-${venue}-${venueOrderId}`;
}
function syntheticId(prefix, ...parts) {
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    text += i === 0 ? "" : "";
    if (p !== void 0) text += String(p);
  }
  return `${prefix}-${sha256Hex(text).slice(0, 16)}`;
}
var oneShotHash = crypto.hash;
var sha256Hex = oneShotHash !== void 0 ? (text) => oneShotHash("sha256", text, "hex") : (text) => createHash("sha256").update(text).digest("hex");
var UUID_POOL_BYTES = 16 * 256;
var uuidPool = Buffer.alloc(UUID_POOL_BYTES);
var uuidOffset = UUID_POOL_BYTES;
var uuidText = Buffer.from("00000000-0000-0000-0000-000000000000", "latin1");
var UUID_HEX_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
var HEX_DIGITS = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
function newEventId() {
  if (uuidOffset === UUID_POOL_BYTES) {
    randomFillSync(uuidPool);
    uuidOffset = 0;
  }
  const pool = uuidPool;
  const text = uuidText;
  for (let i = 0; i < 16; i++) {
    let b = pool[uuidOffset + i];
    if (i === 6) b = b & 15 | 64;
    else if (i === 8) b = b & 63 | 128;
    const at = UUID_HEX_AT[i];
    text[at] = HEX_DIGITS[b >> 4];
    text[at + 1] = HEX_DIGITS[b & 15];
  }
  uuidOffset += 16;
  return text.toString("latin1", 0, 36);
}

// ../../work/keel-E/src/engine/model/event-factory.ts
function base(type, order, tsNs, meta) {
  const e = {
    type,
    eventId: meta.eventId ?? newEventId(),
    traderId: order.traderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId
  };
  if (order.venueOrderId !== void 0) e.venueOrderId = order.venueOrderId;
  const accountId = meta.accountId ?? order.accountId;
  if (accountId !== void 0) e.accountId = accountId;
  e.tsEvent = tsNs;
  e.tsInit = meta.tsInit ?? tsNs;
  if (meta.reconciliation) e.reconciliation = true;
  return e;
}
var qty = (v) => v instanceof Quantity ? v : Quantity.from(v);
var px = (v) => v instanceof Price ? v : Price.from(v);
function orderInitialized(a) {
  const e = base("OrderInitialized", a, a.tsInit, { eventId: a.eventId, reconciliation: a.reconciliation });
  e.side = a.side;
  e.orderType = a.orderType;
  e.quantity = qty(a.quantity);
  if (a.price !== void 0) e.price = px(a.price);
  if (a.triggerPrice !== void 0) e.triggerPrice = px(a.triggerPrice);
  e.timeInForce = a.timeInForce ?? "GTC";
  if (a.expireTime !== void 0) e.expireTime = a.expireTime;
  e.postOnly = a.postOnly ?? false;
  e.reduceOnly = a.reduceOnly ?? false;
  e.tags = a.tags === void 0 ? [] : [...a.tags];
  e.contingencyType = a.contingencyType ?? "NO_CONTINGENCY";
  if (a.orderListId !== void 0) e.orderListId = a.orderListId;
  e.linkedOrderIds = a.linkedOrderIds === void 0 ? [] : [...a.linkedOrderIds];
  if (a.parentOrderId !== void 0) e.parentOrderId = a.parentOrderId;
  return e;
}
function withReason(e, reason) {
  e.reason = reason;
  return e;
}
function orderDenied(order, reason, tsNs, meta = {}) {
  return withReason(base("OrderDenied", order, tsNs, meta), reason);
}
function orderSubmitted(order, tsNs, meta = {}) {
  return base("OrderSubmitted", order, tsNs, meta);
}
function orderAccepted(order, venueOrderId, tsNs, meta = {}) {
  const e = base("OrderAccepted", order, tsNs, meta);
  e.venueOrderId = venueOrderId;
  return e;
}
function orderRejected(order, reason, tsNs, meta = {}) {
  return withReason(base("OrderRejected", order, tsNs, meta), reason);
}
function orderCanceled(order, tsNs, meta = {}) {
  return base("OrderCanceled", order, tsNs, meta);
}
function orderExpired(order, tsNs, meta = {}) {
  return base("OrderExpired", order, tsNs, meta);
}
function orderTriggered(order, tsNs, meta = {}) {
  return base("OrderTriggered", order, tsNs, meta);
}
function orderPendingUpdate(order, tsNs, meta = {}) {
  return base("OrderPendingUpdate", order, tsNs, meta);
}
function orderPendingCancel(order, tsNs, meta = {}) {
  return base("OrderPendingCancel", order, tsNs, meta);
}
function orderModifyRejected(order, reason, tsNs, meta = {}) {
  return withReason(base("OrderModifyRejected", order, tsNs, meta), reason);
}
function orderCancelRejected(order, reason, tsNs, meta = {}) {
  return withReason(base("OrderCancelRejected", order, tsNs, meta), reason);
}
function orderUpdated(order, a, tsNs, meta = {}) {
  const e = base("OrderUpdated", order, tsNs, meta);
  if (a.venueOrderId !== void 0) e.venueOrderId = a.venueOrderId;
  e.quantity = qty(a.quantity);
  if (a.price !== void 0) e.price = px(a.price);
  if (a.triggerPrice !== void 0) e.triggerPrice = px(a.triggerPrice);
  return e;
}
function orderFilled(order, a, tsNs, meta = {}) {
  const venueOrderId = a.venueOrderId ?? order.venueOrderId;
  const currency = a.currency ?? a.commission?.currency;
  if (venueOrderId === void 0 || currency === void 0) {
    throw new EngineError(
      "EVENT_FILL_INCOMPLETE",
      `orderFilled for ${order.clientOrderId}: expected a venueOrderId (order has none) and a currency or commission, received venueOrderId ${String(venueOrderId)}, currency ${String(currency)}`,
      { clientOrderId: order.clientOrderId, venueOrderId, currency }
    );
  }
  const e = base("OrderFilled", order, tsNs, meta);
  e.venueOrderId = venueOrderId;
  e.tradeId = a.tradeId;
  if (a.positionId !== void 0) e.positionId = a.positionId;
  e.side = order.side;
  e.orderType = order.type;
  e.lastQty = qty(a.lastQty);
  e.lastPx = px(a.lastPx);
  e.currency = currency;
  e.commission = a.commission ?? Money.zero(currency);
  e.liquiditySide = a.liquiditySide ?? "NO_LIQUIDITY_SIDE";
  return e;
}
function positionEvent(position, tsNs, meta = {}) {
  const type = position.isClosed ? "PositionClosed" : position.cycleFillCount === 1 ? "PositionOpened" : "PositionChanged";
  const accountId = meta.accountId ?? position.accountId;
  const e = {
    type,
    eventId: meta.eventId ?? newEventId(),
    traderId: position.traderId,
    strategyId: position.strategyId,
    instrumentId: position.instrumentId,
    positionId: position.id
  };
  if (accountId !== void 0) e.accountId = accountId;
  e.openingOrderId = position.openingOrderId;
  if (position.closingOrderId !== void 0) e.closingOrderId = position.closingOrderId;
  e.side = position.side;
  e.signedQty = position.signedQty.toString();
  e.quantity = position.quantity;
  e.avgPxOpen = position.avgPxOpen;
  e.realizedPnl = position.realizedPnl;
  e.lastTradeId = position.lastTradeId ?? "";
  e.tsEvent = tsNs;
  e.tsInit = meta.tsInit ?? tsNs;
  return e;
}

// ../../work/keel-E/src/engine/model/local-resolution.ts
var LOCAL_RESOLUTION_TEXT = {
  VENUE_UNKNOWN_ORDER: "the venue answered: unknown order",
  VENUE_NO_ANSWER: "the venue did not answer"
};
function isLocalClose(event) {
  return (event.type === "OrderRejected" || event.type === "OrderCanceled") && event.local !== void 0;
}
var RESTORE_TABLE = /* @__PURE__ */ new Map([
  ["REJECTED", /* @__PURE__ */ new Set(["ACCEPTED", "TRIGGERED", "PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED"])],
  ["CANCELED", /* @__PURE__ */ new Set(["ACCEPTED", "TRIGGERED", "PARTIALLY_FILLED", "FILLED", "EXPIRED", "REJECTED"])]
]);
function isRestoreTransition(from, to) {
  return RESTORE_TABLE.get(from)?.has(to) ?? false;
}

// ../../work/keel-E/src/engine/core/fsm.ts
function defineMachine(name, table) {
  const allowed = (from) => Object.keys(table[from] ?? {});
  const refuse = (from, event, r = {}) => {
    const expected = allowed(from);
    const subject = r.subject !== void 0 ? ` (${r.subject})` : "";
    return new EngineError(
      "INVALID_STATE_TRANSITION",
      `invalid ${name} state transition${subject}: expected one of [${expected.join(", ")}] from ${from}, received ${r.received ?? `${from} \u2192 ${event}`}`,
      { machine: name, from, event, allowed: expected, ...r.details }
    );
  };
  const can = (from, event) => table[from]?.[event] !== void 0;
  return Object.freeze({
    name,
    table,
    can,
    allowed,
    refuse,
    next(from, event, refusal) {
      const to = table[from]?.[event];
      if (to === void 0) throw refuse(from, event, refusal);
      return to;
    }
  });
}
function movesTo(rows) {
  const table = {};
  for (const from of Object.keys(rows)) {
    table[from] = Object.fromEntries(rows[from].map((to) => [to, to]));
  }
  return table;
}

// ../../work/keel-E/src/engine/model/order-fsm.ts
var ORDER_STATE_TABLE = {
  // REJECTED/ACCEPTED/CANCELED/EXPIRED/TRIGGERED straight from INITIALIZED: external orders found at a venue.
  INITIALIZED: ["DENIED", "SUBMITTED", "REJECTED", "ACCEPTED", "CANCELED", "EXPIRED", "TRIGGERED"],
  // CANCELED from SUBMITTED: IOC/FOK orders the venue cancels without accepting.
  SUBMITTED: ["PENDING_UPDATE", "PENDING_CANCEL", "REJECTED", "CANCELED", "ACCEPTED", "PARTIALLY_FILLED", "FILLED"],
  // REJECTED from ACCEPTED: a stop-limit whose limit order is refused once triggered.
  ACCEPTED: ["REJECTED", "PENDING_UPDATE", "PENDING_CANCEL", "CANCELED", "TRIGGERED", "EXPIRED", "PARTIALLY_FILLED", "FILLED"],
  TRIGGERED: ["REJECTED", "PENDING_UPDATE", "PENDING_CANCEL", "CANCELED", "EXPIRED", "PARTIALLY_FILLED", "FILLED"],
  PENDING_UPDATE: ["REJECTED", "ACCEPTED", "CANCELED", "EXPIRED", "TRIGGERED", "PENDING_UPDATE", "PENDING_CANCEL", "PARTIALLY_FILLED", "FILLED"],
  // ACCEPTED from PENDING_CANCEL: the cancel failed and the order is still working.
  PENDING_CANCEL: ["REJECTED", "PENDING_CANCEL", "CANCELED", "EXPIRED", "ACCEPTED", "PARTIALLY_FILLED", "FILLED"],
  PARTIALLY_FILLED: ["PENDING_UPDATE", "PENDING_CANCEL", "CANCELED", "EXPIRED", "PARTIALLY_FILLED", "FILLED"],
  // A fill that raced the cancel still counts.
  CANCELED: ["PARTIALLY_FILLED", "FILLED"],
  DENIED: [],
  REJECTED: [],
  EXPIRED: [],
  FILLED: []
};
var ORDER_MACHINE = defineMachine("order", movesTo(ORDER_STATE_TABLE));
function isAllowedTransition(from, to) {
  return ORDER_MACHINE.can(from, to);
}
function nextStatus(current, event, ctx) {
  switch (event.type) {
    case "OrderInitialized":
      throw invalid(current, event.type, "INITIALIZED");
    case "OrderDenied":
      return checked(current, event.type, "DENIED");
    case "OrderSubmitted":
      return checked(current, event.type, current === "PENDING_UPDATE" ? "PENDING_UPDATE" : "SUBMITTED");
    case "OrderAccepted":
      return checked(current, event.type, "ACCEPTED", ctx);
    case "OrderRejected":
      return checked(current, event.type, "REJECTED", ctx);
    case "OrderCanceled":
      return checked(current, event.type, "CANCELED", ctx);
    case "OrderExpired":
      return checked(current, event.type, "EXPIRED", ctx);
    case "OrderTriggered":
      return checked(current, event.type, "TRIGGERED", ctx);
    case "OrderPendingUpdate":
      return checked(current, event.type, "PENDING_UPDATE");
    case "OrderPendingCancel":
      return checked(current, event.type, "PENDING_CANCEL");
    case "OrderModifyRejected":
      return current === "PENDING_UPDATE" ? rollback(current, event.type, ctx) : current;
    case "OrderCancelRejected":
      return current === "PENDING_CANCEL" ? rollback(current, event.type, ctx) : current;
    case "OrderUpdated":
      if (current === "PENDING_UPDATE") return rollback(current, event.type, ctx);
      if (current === "DENIED" || current === "REJECTED" || current === "CANCELED" || current === "EXPIRED" || current === "FILLED") {
        throw invalid(current, event.type, current);
      }
      return current;
    case "OrderFilled": {
      const filled = ctx.filledQty.add(event.lastQty);
      return checked(current, event.type, filled.gte(ctx.quantity) ? "FILLED" : "PARTIALLY_FILLED", ctx);
    }
    default: {
      const never = event;
      throw new EngineError("ORDER_EVENT_UNKNOWN", `expected an order event type, received ${String(never.type)}`, {
        received: never.type
      });
    }
  }
}
function checked(from, eventType, to, ctx) {
  if (isAllowedTransition(from, to)) return to;
  if (ctx?.closedLocally === true && isRestoreTransition(from, to)) return to;
  throw invalid(from, eventType, to);
}
function rollback(from, eventType, ctx) {
  if (ctx.rollbackStatus === void 0) throw invalid(from, eventType, "UNKNOWN");
  return ctx.rollbackStatus;
}
function invalid(from, eventType, to) {
  return ORDER_MACHINE.refuse(from, eventType, {
    received: `${eventType} on an order in ${from} would move it to ${to}`,
    details: { to }
  });
}

// ../../work/keel-E/src/engine/model/ratio.ts
var Ratio = class _Ratio {
  constructor(num, den) {
    this.num = num;
    this.den = den;
  }
  num;
  den;
  static ZERO = new _Ratio(0n, 1n);
  /** num/den as given (den must be positive): for results whose size is already bounded. */
  static unreduced(num, den) {
    return new _Ratio(num, den);
  }
  static of(num, den) {
    if (den === 0n) throw new RangeError("Ratio: denominator is zero");
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    return g > 1n ? new _Ratio(num / g, den / g) : new _Ratio(num, den);
  }
  static fromDecimal(d) {
    return new _Ratio(d.raw, pow10(d.precision));
  }
  // Results of add/sub/mul are not reduced to lowest terms (a bigint gcd per operation was most of the
  // cost of a position update). Every reader (`toDecimal`, `roundToDigits`, `isZero`) depends on the
  // value only, and the denominators stay small: decimals have power-of-ten denominators, so a sum
  // keeps the larger one; anything that still grows past REDUCE_ABOVE is reduced.
  add(o) {
    if (o.den === this.den) return new _Ratio(this.num + o.num, this.den);
    if (o.den > this.den) {
      if (o.den % this.den === 0n) return new _Ratio(this.num * (o.den / this.den) + o.num, o.den);
    } else if (this.den % o.den === 0n) {
      return new _Ratio(this.num + o.num * (this.den / o.den), this.den);
    }
    return bounded(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o) {
    return this.add(o.neg());
  }
  mul(o) {
    return bounded(this.num * o.num, this.den * o.den);
  }
  div(o) {
    return _Ratio.of(this.num * o.den, this.den * o.num);
  }
  neg() {
    return new _Ratio(-this.num, this.den);
  }
  isZero() {
    return this.num === 0n;
  }
  /**
   * The nearest ratio with denominator 10^digits (half away from zero); itself when already exact there.
   * Bounds the size of running averages, whose exact denominators would grow with every update.
   */
  roundToDigits(digits) {
    const scale = pow10(digits);
    if (scale % this.den === 0n) return this;
    return new _Ratio(divRoundHalfAway(this.num * scale, this.den), scale);
  }
  /**
   * The value as a decimal of `minPrecision` digits when that is exact, else with just enough digits
   * to be exact, else rounded (half away from zero) at `maxPrecision` digits. So an average of fills at
   * 1.00000 prints `1.00000`, one of 1.00000 and 1.00010 prints `1.00005`, and a non-terminating one is
   * cut at `maxPrecision`.
   */
  toDecimal(ctor, minPrecision, maxPrecision = minPrecision) {
    for (let p = minPrecision; p <= maxPrecision; p++) {
      const scaled = this.num * pow10(p);
      if (scaled % this.den === 0n) return ctor.fromRaw(scaled / this.den, p);
    }
    return ctor.fromRaw(divRoundHalfAway(this.num * pow10(maxPrecision), this.den), maxPrecision);
  }
};
var REDUCE_ABOVE = 10n ** 40n;
function bounded(num, den) {
  return den > REDUCE_ABOVE ? Ratio.of(num, den) : Ratio.unreduced(num, den);
}
function gcd(a, b) {
  while (b !== 0n) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}
function divRoundHalfAway(n, d) {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return q + (n < 0n ? -1n : 1n);
  return q;
}

// ../../work/keel-E/src/engine/model/order.ts
var FILL_INDEX_AFTER = 8;
var AVG_PX_EXTRA_DIGITS = 4;
var Order = class _Order {
  constructor(init) {
    this.init = init;
    this._quantity = init.quantity;
    this._price = init.price;
    this._triggerPrice = init.triggerPrice;
    this._filledQty = Quantity.fromRaw(0n, init.quantity.precision);
    this._venueOrderId = init.venueOrderId;
    this._accountId = init.accountId;
    this._events = [init];
    this._tsLast = init.tsEvent;
  }
  init;
  kind = "Order";
  _status = "INITIALIZED";
  _previousStatus;
  /** Last status held before a pending state: where a rejected modify/cancel returns to. */
  _rollbackStatus;
  _venueOrderId;
  _accountId;
  _positionId;
  _quantity;
  _price;
  _triggerPrice;
  _filledQty;
  /** Exact Σ px·qty and Σ qty of fills; avgPx is derived from them so it never drifts. */
  _fillNotional = Ratio.ZERO;
  _avgPxPrecision = 0;
  _events;
  /**
   * Applied fills in order. Most orders fill once or a few times, so a list (no Map per order: ~350
   * retained bytes each) with a trade-id index added only once an order has many fills.
   */
  _fills;
  _fillIndex;
  _lastTradeId;
  _tsLast;
  /** The closing event while the order's status is a local resolution (see local-resolution.ts). */
  _localClose;
  static create(init) {
    if (init.type !== "OrderInitialized") {
      throw new EngineError("ORDER_INIT_INVALID", `expected an OrderInitialized event, received ${String(init.type)}`, {
        received: init.type
      });
    }
    if (!init.quantity.isPositive()) {
      throw new EngineError("ORDER_INIT_INVALID", `expected a positive quantity, received ${init.quantity.toString()}`, {
        clientOrderId: init.clientOrderId,
        received: init.quantity.toString()
      });
    }
    return new _Order(init);
  }
  // --- definition -----------------------------------------------------------------------------
  get clientOrderId() {
    return this.init.clientOrderId;
  }
  get traderId() {
    return this.init.traderId;
  }
  get strategyId() {
    return this.init.strategyId;
  }
  get instrumentId() {
    return this.init.instrumentId;
  }
  get side() {
    return this.init.side;
  }
  get type() {
    return this.init.orderType;
  }
  get timeInForce() {
    return this.init.timeInForce;
  }
  get expireTime() {
    return this.init.expireTime;
  }
  get postOnly() {
    return this.init.postOnly;
  }
  get reduceOnly() {
    return this.init.reduceOnly;
  }
  get tags() {
    return this.init.tags;
  }
  get contingencyType() {
    return this.init.contingencyType;
  }
  get orderListId() {
    return this.init.orderListId;
  }
  get linkedOrderIds() {
    return this.init.linkedOrderIds;
  }
  get parentOrderId() {
    return this.init.parentOrderId;
  }
  get tsInit() {
    return this.init.tsInit;
  }
  // --- state --------------------------------------------------------------------------------------
  get venueOrderId() {
    return this._venueOrderId;
  }
  get accountId() {
    return this._accountId;
  }
  get positionId() {
    return this._positionId;
  }
  get quantity() {
    return this._quantity;
  }
  get price() {
    return this._price;
  }
  get triggerPrice() {
    return this._triggerPrice;
  }
  get filledQty() {
    return this._filledQty;
  }
  /** quantity − filled, never below zero (an allowed overfill leaves 0). */
  get leavesQty() {
    const p = Math.max(this._quantity.precision, this._filledQty.precision);
    const leaves = this._quantity.rawAt(p) - this._filledQty.rawAt(p);
    return Quantity.fromRaw(leaves > 0n ? leaves : 0n, p);
  }
  /**
   * Σ(px·qty)/Σ(qty) of the fills, exact: printed at the fill price precision when it terminates there,
   * with as many more digits as it needs up to 4, and rounded at price precision + 4 otherwise.
   */
  get avgPx() {
    if (this._filledQty.isZero()) return void 0;
    return this._fillNotional.div(Ratio.fromDecimal(this._filledQty)).toDecimal(Price, this._avgPxPrecision, this._avgPxPrecision + AVG_PX_EXTRA_DIGITS);
  }
  get status() {
    return this._status;
  }
  get previousStatus() {
    return this._previousStatus;
  }
  /** All applied events, oldest first; the first is the OrderInitialized. */
  get events() {
    return this._events;
  }
  get lastEvent() {
    return this._events[this._events.length - 1];
  }
  get eventCount() {
    return this._events.length;
  }
  get tradeIds() {
    return this._fills === void 0 ? [] : this._fills.map((f) => f.tradeId);
  }
  get lastTradeId() {
    return this._lastTradeId;
  }
  get fills() {
    return this._fills === void 0 ? [] : [...this._fills];
  }
  /** tsEvent of the last applied event. */
  get tsLast() {
    return this._tsLast;
  }
  get isOpen() {
    return OPEN_STATUSES.has(this._status);
  }
  get isClosed() {
    return CLOSED_STATUSES.has(this._status);
  }
  get isInflight() {
    return INFLIGHT_STATUSES.has(this._status);
  }
  /**
   * The event that closed the order when keel closed it by inference (a local resolution: the venue
   * did not answer, or answered that it does not know the order); undefined otherwise. While set, a
   * venue report may restore the order (RESTORE_TABLE).
   */
  get localClose() {
    return this._localClose;
  }
  /** Status before any pending state: what a rejected modify or cancel returns to. */
  get rollbackStatus() {
    return this._rollbackStatus;
  }
  hasTradeId(tradeId) {
    return this.fill(tradeId) !== void 0;
  }
  /** The applied OrderFilled with this trade id. */
  fill(tradeId) {
    if (this._fillIndex !== void 0) return this._fillIndex.get(tradeId);
    const fills = this._fills;
    if (fills === void 0) return void 0;
    for (let i = 0; i < fills.length; i++) if (fills[i].tradeId === tradeId) return fills[i];
    return void 0;
  }
  /** Link the order to a position before it fills (OTO children take the entry's position id). */
  assignPositionId(positionId) {
    this._positionId = positionId;
  }
  /**
   * Apply an event: the only mutator. Validates everything first, so an error leaves the order as it
   * was and the event unrecorded.
   */
  apply(event, options = {}) {
    if (event.clientOrderId !== this.init.clientOrderId) {
      throw new EngineError(
        "ORDER_EVENT_MISMATCH",
        `expected an event for order ${this.init.clientOrderId}, received ${event.type} for ${event.clientOrderId}`,
        { clientOrderId: this.init.clientOrderId, received: event.clientOrderId, event: event.type }
      );
    }
    const filledAfter = event.type === "OrderFilled" ? this.checkFill(event, options) : void 0;
    const to = nextStatus(this._status, event, {
      rollbackStatus: this._rollbackStatus,
      quantity: this._quantity,
      filledQty: this._filledQty,
      closedLocally: this._localClose !== void 0
    });
    if (isLocalClose(event)) this._localClose = event;
    else if (to !== this._status) this._localClose = void 0;
    if (to !== this._status) {
      if ((to === "PENDING_UPDATE" || to === "PENDING_CANCEL") && this._status !== "PENDING_UPDATE" && this._status !== "PENDING_CANCEL") {
        this._rollbackStatus = this._status;
      }
      this._previousStatus = this._status;
      this._status = to;
    }
    if (event.accountId !== void 0) this._accountId = event.accountId;
    switch (event.type) {
      case "OrderAccepted":
        this._venueOrderId = event.venueOrderId;
        break;
      case "OrderUpdated":
        if (event.venueOrderId !== void 0) this._venueOrderId = event.venueOrderId;
        this._quantity = event.quantity;
        if (event.price !== void 0) this._price = event.price;
        if (event.triggerPrice !== void 0) this._triggerPrice = event.triggerPrice;
        break;
      case "OrderFilled":
        this.applyFill(event, filledAfter);
        break;
      default:
        if (event.venueOrderId !== void 0 && this._venueOrderId === void 0) this._venueOrderId = event.venueOrderId;
    }
    this._events.push(event);
    this._tsLast = event.tsEvent;
  }
  /** Validates a fill; returns the filled quantity it leads to. */
  checkFill(fill, options) {
    if (this.fill(fill.tradeId) !== void 0) {
      throw new EngineError("ORDER_DUPLICATE_TRADE_ID", `expected a new trade id for order ${this.clientOrderId}, received ${fill.tradeId} again`, {
        clientOrderId: this.clientOrderId,
        tradeId: fill.tradeId
      });
    }
    if (!fill.lastQty.isPositive()) {
      throw new EngineError("ORDER_FILL_INVALID", `expected a positive fill quantity, received ${fill.lastQty.toString()}`, {
        clientOrderId: this.clientOrderId,
        tradeId: fill.tradeId,
        lastQty: fill.lastQty.toString()
      });
    }
    const filled = this._filledQty.add(fill.lastQty);
    if (filled.gt(this._quantity) && !options.allowOverfills) {
      throw new EngineError(
        "ORDER_OVERFILL",
        `fill ${fill.tradeId} of ${fill.lastQty.toString()} would fill ${filled.toString()} of order ${this.clientOrderId}; expected at most its quantity ${this._quantity.toString()}`,
        {
          clientOrderId: this.clientOrderId,
          tradeId: fill.tradeId,
          quantity: this._quantity.toString(),
          filledQty: this._filledQty.toString(),
          lastQty: fill.lastQty.toString()
        }
      );
    }
    return filled;
  }
  applyFill(fill, filled) {
    this._venueOrderId = fill.venueOrderId;
    if (fill.positionId !== void 0) this._positionId = fill.positionId;
    this._filledQty = filled instanceof Quantity && filled.constructor === Quantity ? filled : Quantity.fromRaw(filled.raw, filled.precision);
    this._fillNotional = this._fillNotional.add(Ratio.fromDecimal(fill.lastPx).mul(Ratio.fromDecimal(fill.lastQty)));
    this._avgPxPrecision = Math.max(this._avgPxPrecision, fill.lastPx.precision);
    if (this._fills === void 0) this._fills = [fill];
    else this._fills.push(fill);
    if (this._fillIndex !== void 0) this._fillIndex.set(fill.tradeId, fill);
    else if (this._fills.length > FILL_INDEX_AFTER) this._fillIndex = new Map(this._fills.map((f) => [f.tradeId, f]));
    this._lastTradeId = fill.tradeId;
  }
  /** Plain snapshot: decimals as strings, times (bigint ns) as strings. */
  toJSON() {
    return {
      kind: "Order",
      clientOrderId: this.clientOrderId,
      venueOrderId: this._venueOrderId ?? null,
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      accountId: this._accountId ?? null,
      side: this.side,
      type: this.type,
      quantity: this._quantity.toString(),
      filledQty: this._filledQty.toString(),
      leavesQty: this.leavesQty.toString(),
      avgPx: this.avgPx?.toString() ?? null,
      price: this._price?.toString() ?? null,
      triggerPrice: this._triggerPrice?.toString() ?? null,
      timeInForce: this.timeInForce,
      expireTime: this.expireTime?.toString() ?? null,
      postOnly: this.postOnly,
      reduceOnly: this.reduceOnly,
      status: this._status,
      previousStatus: this._previousStatus ?? null,
      tags: [...this.tags],
      contingencyType: this.contingencyType,
      orderListId: this.orderListId ?? null,
      linkedOrderIds: [...this.linkedOrderIds],
      parentOrderId: this.parentOrderId ?? null,
      positionId: this._positionId ?? null,
      tradeIds: this.tradeIds,
      eventTypes: this._events.map((e) => e.type),
      isOpen: this.isOpen,
      isClosed: this.isClosed,
      isInflight: this.isInflight,
      tsInit: this.tsInit.toString(),
      tsLast: this._tsLast.toString()
    };
  }
};

// ../../work/keel-E/src/engine/execution/applied.ts
var NONE = Object.freeze([]);

// ../../work/keel-E/src/engine/execution/client-router.ts
var ClientRouter = class {
  constructor(instruments) {
    this.instruments = instruments;
  }
  instruments;
  clients = /* @__PURE__ */ new Map();
  add(client) {
    if (this.clients.has(client.venue)) {
      throw new EngineError("EXEC_CLIENT_EXISTS", `expected one execution client per venue, received a second for '${client.venue}'`, {
        venue: client.venue,
        clientId: client.clientId
      });
    }
    this.clients.set(client.venue, client);
  }
  byVenue(venue) {
    return this.clients.get(venue);
  }
  all() {
    return [...this.clients.values()];
  }
  venues() {
    return [...this.clients.keys()];
  }
  /** The instrument's venue: from the instrument when known, else the id's suffix (`EURUSD.OTHER` → OTHER). */
  venueOf(instrumentId) {
    const instrument = this.instruments.find(instrumentId);
    if (instrument) return instrument.venue;
    try {
      return splitInstrumentId(instrumentId).venue;
    } catch {
      return void 0;
    }
  }
  clientFor(instrumentId) {
    const venue = this.venueOf(instrumentId);
    return venue === void 0 ? void 0 : this.clients.get(venue);
  }
};

// ../../work/keel-E/src/engine/execution/oms-registry.ts
var OmsRegistry = class {
  strategies = /* @__PURE__ */ new Map();
  venues = /* @__PURE__ */ new Map();
  setStrategy(strategyId, omsType) {
    this.strategies.set(strategyId, omsType);
  }
  strategyOms(strategyId) {
    return this.strategies.get(strategyId);
  }
  hasStrategy(strategyId) {
    return this.strategies.has(strategyId);
  }
  setVenue(venue, omsType) {
    this.venues.set(venue, omsType);
  }
  resolve(strategyId, venue) {
    const own = this.strategies.get(strategyId);
    if (own !== void 0 && own !== "UNSPECIFIED") return own;
    const venueOms = venue === void 0 ? void 0 : this.venues.get(venue);
    if (venueOms !== void 0 && venueOms !== "UNSPECIFIED") return venueOms;
    return "NETTING";
  }
};

// ../../work/keel-E/src/engine/model/currencies.ts
var ZERO_DECIMAL = /* @__PURE__ */ new Set(["JPY", "KRW", "CLP", "ISK", "VND", "HUF"]);
var CRYPTO = /* @__PURE__ */ new Set(["BTC", "ETH", "USDT", "USDC", "BNB", "SOL", "XRP", "ADA", "DOGE", "LTC", "DOT", "AVAX", "TRX", "LINK", "BUSD", "FDUSD", "DAI"]);
function currencyPrecision(currency) {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (CRYPTO.has(currency)) return 8;
  return 2;
}

// ../../work/keel-E/src/engine/model/position.ts
var AVG_PX_EXTRA_DIGITS2 = 4;
var AVG_OPEN_INTERNAL_EXTRA_DIGITS = 8;
var Position = class _Position {
  kind = "Position";
  id;
  instrumentId;
  traderId;
  strategyId;
  quoteCurrency;
  pricePrecision;
  sizePrecision;
  _accountId;
  _signed;
  _avgOpen = Ratio.ZERO;
  _closeNotional = Ratio.ZERO;
  _closeQty = Ratio.ZERO;
  _realized = Ratio.ZERO;
  _commissions = /* @__PURE__ */ new Map();
  _peak;
  _openingOrderId;
  _closingOrderId;
  _tsOpened;
  _tsClosed;
  _tsLast;
  _fills = [];
  _tradeIds = /* @__PURE__ */ new Set();
  _cycleFills = 0;
  constructor(instrument, fill, positionId) {
    this.id = positionId;
    this.instrumentId = instrument.id;
    this.traderId = fill.traderId;
    this.strategyId = fill.strategyId;
    this.quoteCurrency = instrument.quoteCurrency;
    this.pricePrecision = instrument.pricePrecision;
    this.sizePrecision = instrument.sizePrecision;
    this._accountId = fill.accountId;
    this._signed = Decimal.zero(instrument.sizePrecision);
    this._peak = Decimal.zero(instrument.sizePrecision);
    this._openingOrderId = fill.clientOrderId;
    this._tsOpened = fill.tsEvent;
    this._tsLast = fill.tsEvent;
  }
  /** Open a position with its first fill. */
  static open(instrument, fill, positionId) {
    if (fill.instrumentId !== instrument.id) {
      throw new EngineError("POSITION_FILL_MISMATCH", `expected a fill for ${instrument.id}, received one for ${fill.instrumentId}`, {
        instrumentId: instrument.id,
        received: fill.instrumentId
      });
    }
    const position = new _Position(instrument, fill, positionId);
    position.apply(fill);
    return position;
  }
  get accountId() {
    return this._accountId;
  }
  get side() {
    return this._signed.isZero() ? "FLAT" : this._signed.isPositive() ? "LONG" : "SHORT";
  }
  /** Absolute size. */
  get quantity() {
    return Quantity.fromRaw(this._signed.abs().raw, this._signed.precision);
  }
  /** Positive long, negative short, zero flat. */
  get signedQty() {
    return this._signed;
  }
  get avgPxOpen() {
    return this.price(this._avgOpen);
  }
  get avgPxClose() {
    return this._closeQty.isZero() ? void 0 : this.price(this._closeNotional.div(this._closeQty));
  }
  /** Realized PnL in the quote currency, net of commissions paid in it, at the currency's precision. */
  get realizedPnl() {
    const p = currencyPrecision(this.quoteCurrency);
    return new Money(this._realized.toDecimal(Decimal, p, p), this.quoteCurrency);
  }
  /** Commissions of the current cycle, one entry per currency. */
  get commissions() {
    return [...this._commissions].map(([currency, amount]) => new Money(amount, currency));
  }
  get isOpen() {
    return !this._signed.isZero();
  }
  get isClosed() {
    return this._signed.isZero();
  }
  get openingOrderId() {
    return this._openingOrderId;
  }
  get closingOrderId() {
    return this._closingOrderId;
  }
  get tradeIds() {
    return [...this._tradeIds];
  }
  get lastTradeId() {
    return this._fills[this._fills.length - 1]?.tradeId;
  }
  get fills() {
    return [...this._fills];
  }
  get tsOpened() {
    return this._tsOpened;
  }
  get tsClosed() {
    return this._tsClosed;
  }
  get tsLast() {
    return this._tsLast;
  }
  /** Largest absolute size reached in the current cycle. */
  get peakQty() {
    return Quantity.fromRaw(this._peak.raw, this._peak.precision);
  }
  /** Fills applied since the position last opened (1 right after the opening fill). */
  get cycleFillCount() {
    return this._cycleFills;
  }
  hasTradeId(tradeId) {
    return this._tradeIds.has(tradeId);
  }
  /** PnL if the open quantity were closed at `price` (quote currency, before commissions). */
  unrealizedPnl(price) {
    const p = currencyPrecision(this.quoteCurrency);
    const pnl = Ratio.fromDecimal(price).sub(this._avgOpen).mul(Ratio.fromDecimal(this._signed));
    return new Money(pnl.toDecimal(Decimal, p, p), this.quoteCurrency);
  }
  apply(fill) {
    if (fill.instrumentId !== this.instrumentId) {
      throw new EngineError("POSITION_FILL_MISMATCH", `expected a fill for ${this.instrumentId} (position ${this.id}), received one for ${fill.instrumentId}`, {
        positionId: this.id,
        instrumentId: this.instrumentId,
        received: fill.instrumentId
      });
    }
    if (this._tradeIds.has(fill.tradeId)) {
      throw new EngineError("POSITION_DUPLICATE_TRADE_ID", `expected a new trade id for position ${this.id}, received ${fill.tradeId} again`, {
        positionId: this.id,
        tradeId: fill.tradeId
      });
    }
    if (this._signed.isZero() && this._fills.length > 0) this.reopen(fill);
    const commission = fill.commission;
    const paid = this._commissions.get(commission.currency);
    this._commissions.set(commission.currency, paid ? paid.add(commission.amount) : commission.amount);
    if (commission.currency === this.quoteCurrency) this._realized = this._realized.sub(Ratio.fromDecimal(commission.amount));
    const qty2 = fill.lastQty.withPrecision(Math.max(fill.lastQty.precision, this.sizePrecision));
    const delta = fill.side === "BUY" ? Decimal.fromRaw(qty2.raw, qty2.precision) : Decimal.fromRaw(-qty2.raw, qty2.precision);
    const px2 = Ratio.fromDecimal(fill.lastPx);
    const before = this._signed;
    if (before.isZero()) {
      this._avgOpen = px2;
    } else if (before.isPositive() === delta.isPositive()) {
      const held = Ratio.fromDecimal(before.abs());
      const added = Ratio.fromDecimal(qty2);
      this._avgOpen = this._avgOpen.mul(held).add(px2.mul(added)).div(held.add(added)).roundToDigits(this.pricePrecision + AVG_OPEN_INTERNAL_EXTRA_DIGITS);
    } else {
      const closed = qty2.lt(before.abs()) ? qty2 : before.abs();
      const closedR = Ratio.fromDecimal(closed);
      const perUnit = before.isPositive() ? px2.sub(this._avgOpen) : this._avgOpen.sub(px2);
      this._realized = this._realized.add(perUnit.mul(closedR));
      this._closeNotional = this._closeNotional.add(px2.mul(closedR));
      this._closeQty = this._closeQty.add(closedR);
      this._closingOrderId = fill.clientOrderId;
      if (qty2.gt(before.abs())) this._avgOpen = px2;
    }
    this._signed = before.add(delta);
    if (this._signed.isZero()) this._tsClosed = fill.tsEvent;
    const size = this._signed.abs();
    if (size.gt(this._peak)) this._peak = size;
    if (fill.accountId !== void 0) this._accountId = fill.accountId;
    this._fills.push(fill);
    this._tradeIds.add(fill.tradeId);
    this._cycleFills += 1;
    this._tsLast = fill.tsEvent;
  }
  reopen(fill) {
    this._avgOpen = Ratio.ZERO;
    this._closeNotional = Ratio.ZERO;
    this._closeQty = Ratio.ZERO;
    this._realized = Ratio.ZERO;
    this._commissions = /* @__PURE__ */ new Map();
    this._peak = Decimal.zero(this.sizePrecision);
    this._openingOrderId = fill.clientOrderId;
    this._closingOrderId = void 0;
    this._tsOpened = fill.tsEvent;
    this._tsClosed = void 0;
    this._cycleFills = 0;
  }
  price(r) {
    return r.toDecimal(Price, this.pricePrecision, this.pricePrecision + AVG_PX_EXTRA_DIGITS2);
  }
  /** See `splitFillForFlip`. */
  static splitFillForFlip(fill, closeQty, ids) {
    return splitFillForFlip(fill, closeQty, ids);
  }
  /** Plain snapshot: decimals and money as strings, times (bigint ns) as strings. */
  toJSON() {
    return {
      kind: "Position",
      id: this.id,
      instrumentId: this.instrumentId,
      traderId: this.traderId,
      strategyId: this.strategyId,
      accountId: this._accountId ?? null,
      side: this.side,
      quantity: this.quantity.toString(),
      signedQty: this._signed.toString(),
      peakQty: this.peakQty.toString(),
      avgPxOpen: this.avgPxOpen.toString(),
      avgPxClose: this.avgPxClose?.toString() ?? null,
      realizedPnl: this.realizedPnl.toString(),
      commissions: this.commissions.map((c) => c.toString()),
      isOpen: this.isOpen,
      openingOrderId: this._openingOrderId,
      closingOrderId: this._closingOrderId ?? null,
      tradeIds: this.tradeIds,
      tsOpened: this._tsOpened.toString(),
      tsClosed: this._tsClosed?.toString() ?? null,
      tsLast: this._tsLast.toString()
    };
  }
};
var FLIP_CLOSE_SUFFIX = "-C";
var FLIP_OPEN_SUFFIX = "-F";
function splitFillForFlip(fill, closeQty, ids) {
  if (!closeQty.isPositive() || !closeQty.lt(fill.lastQty)) {
    throw new EngineError(
      "POSITION_FLIP_SPLIT_INVALID",
      `expected a closing quantity above 0 and below the fill's ${fill.lastQty.toString()}, received ${closeQty.toString()}`,
      { tradeId: fill.tradeId, lastQty: fill.lastQty.toString(), closeQty: closeQty.toString() }
    );
  }
  const openQty = fill.lastQty.sub(closeQty);
  const amount = fill.commission.amount;
  const closeAmount = Ratio.fromDecimal(amount).mul(Ratio.fromDecimal(closeQty)).div(Ratio.fromDecimal(fill.lastQty)).toDecimal(Decimal, amount.precision, amount.precision);
  const closing = copyFields(fill);
  closing.eventId = `${fill.eventId}${FLIP_CLOSE_SUFFIX}`;
  closing.tradeId = `${fill.tradeId}${FLIP_CLOSE_SUFFIX}`;
  closing.positionId = ids.closePositionId;
  closing.lastQty = Quantity.fromRaw(closeQty.raw, closeQty.precision);
  closing.commission = new Money(closeAmount, fill.commission.currency);
  const opening = copyFields(fill);
  opening.eventId = `${fill.eventId}${FLIP_OPEN_SUFFIX}`;
  opening.tradeId = `${fill.tradeId}${FLIP_OPEN_SUFFIX}`;
  opening.positionId = ids.openPositionId;
  opening.lastQty = Quantity.fromRaw(openQty.raw, openQty.precision);
  opening.commission = new Money(amount.sub(closeAmount), fill.commission.currency);
  return [closing, opening];
}

// ../../work/keel-E/src/engine/execution/position-keeper.ts
var PositionKeeper = class {
  constructor(cache, positionIds, clock) {
    this.cache = cache;
    this.positionIds = positionIds;
    this.clock = clock;
  }
  cache;
  positionIds;
  clock;
  /** Decide the position id of a fill before it is applied to the order. */
  decide(order, fill, oms) {
    if (oms === "NETTING") {
      const positionId2 = nettingPositionId(order.instrumentId, order.strategyId);
      if (order.reduceOnly && !this.cache.position(positionId2)?.isOpen) {
        return { kind: "none", reason: `reduce-only fill ${fill.tradeId} with no open position ${positionId2}: no position opened` };
      }
      return { kind: "position", positionId: positionId2 };
    }
    const positionId = fill.positionId ?? order.positionId ?? this.positionIds.generate(order.strategyId);
    return { kind: "position", positionId };
  }
  /**
   * Throws what `apply` would refuse (another instrument, a trade id the position already holds) before
   * the order is changed, so that a fill changes its order and its position together or neither.
   */
  assertFits(instrument, fill, positionId) {
    if (fill.instrumentId !== instrument.id) {
      throw new EngineError("POSITION_FILL_MISMATCH", `expected a fill for ${instrument.id}, received one for ${fill.instrumentId}`, {
        positionId,
        instrumentId: instrument.id,
        received: fill.instrumentId
      });
    }
    const existing = this.cache.position(positionId);
    if (existing !== void 0 && existing.hasTradeId(fill.tradeId)) {
      throw new EngineError("POSITION_DUPLICATE_TRADE_ID", `expected a new trade id for position ${positionId}, received ${fill.tradeId} again`, {
        positionId,
        tradeId: fill.tradeId
      });
    }
  }
  /**
   * Apply an (already order-applied) fill to its position; returns each position changed, with its event
   * to publish and the fill it took (a HEDGING flip: the closing part, then the opening part).
   */
  apply(instrument, fill, positionId, oms) {
    const now = this.clock.timestampNs();
    const existing = this.cache.position(positionId);
    if (!existing) {
      const opened = Position.open(instrument, fill, positionId);
      this.cache.addPosition(opened);
      return [{ event: positionEvent(opened, fill.tsEvent, { tsInit: now }), fill }];
    }
    if (oms === "HEDGING" && this.crossesZero(existing, fill)) {
      const openId = flipPositionId(positionId);
      const [closing, opening] = splitFillForFlip(fill, existing.quantity, { closePositionId: positionId, openPositionId: openId });
      existing.apply(closing);
      this.cache.updatePosition(existing);
      const closed = { event: positionEvent(existing, fill.tsEvent, { tsInit: now }), fill: closing };
      return [closed, ...this.apply(instrument, opening, openId, "HEDGING")];
    }
    existing.apply(fill);
    this.cache.updatePosition(existing);
    return [{ event: positionEvent(existing, fill.tsEvent, { tsInit: now }), fill }];
  }
  crossesZero(position, fill) {
    if (!position.isOpen) return false;
    const reduces = position.side === "LONG" === (fill.side === "SELL");
    return reduces && fill.lastQty.gt(position.quantity);
  }
};

// ../../work/keel-E/src/engine/execution/fill-rules.ts
function sameFill(a, b) {
  return a.lastQty.eq(b.lastQty) && a.lastPx.eq(b.lastPx) && a.side === b.side && a.commission.toString() === b.commission.toString() && a.venueOrderId === b.venueOrderId;
}
function linkOtoChildren(cache, entry, positionId) {
  if (entry.contingencyType !== "OTO") return NONE;
  const linked = [];
  for (const childId of entry.linkedOrderIds) {
    const child = cache.order(childId);
    if (!child || child.positionId !== void 0 || child.parentOrderId !== entry.clientOrderId) continue;
    child.assignPositionId(positionId);
    cache.updateOrder(child);
    linked.push({ clientOrderId: child.clientOrderId, positionId });
  }
  return linked;
}

// ../../work/keel-E/src/engine/execution/restoration.ts
function warnIfRestored(logger, order, before, event, beforeStatus) {
  if (order.localClose === before) return;
  const was = before.type === "OrderRejected" ? `REJECTED ${before.reason}` : "CANCELED";
  logger.warn(
    `order ${order.clientOrderId} restored: keel had resolved it locally as ${was} (${LOCAL_RESOLUTION_TEXT[before.local]}), the venue reports it (${event.type}); now ${order.status}, still ${order.strategyId}'s`,
    {
      code: "ORDER_RESTORED",
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      venueOrderId: order.venueOrderId,
      from: beforeStatus,
      to: order.status,
      event: event.type,
      localResolution: was,
      basis: before.local
    }
  );
}

// ../../work/keel-E/src/engine/execution/apply-step.ts
var ApplyStep = class {
  constructor(d) {
    this.d = d;
  }
  d;
  /** The apply step: change the order (and its position), update the cache, and say what changed. */
  apply(event, known) {
    const cache = this.d.cache;
    if (event.type === "OrderInitialized") {
      if (cache.hasOrder(event.clientOrderId)) {
        throw new EngineError("ORDER_EXISTS", `expected a new client order id, received '${event.clientOrderId}' (already cached)`, {
          clientOrderId: event.clientOrderId
        });
      }
      const order2 = Order.create(event);
      cache.addOrder(order2);
      return this.applied(event, order2);
    }
    const order = known ?? cache.order(event.clientOrderId);
    if (!order) {
      if (event.type === "OrderDenied") return { event, init: void 0, orderList: void 0, positionId: void 0, linkedChildren: NONE, positions: NONE };
      throw new EngineError("ORDER_UNKNOWN", `expected a cached order for ${event.type}, received '${event.clientOrderId}'`, {
        clientOrderId: event.clientOrderId,
        event: event.type
      });
    }
    const localClose = order.localClose;
    const statusBefore = order.status;
    let applied;
    if (event.type === "OrderFilled") {
      applied = this.applyFill(order, event);
    } else {
      order.apply(event);
      cache.updateOrder(order);
      applied = this.applied(event, order);
    }
    if (localClose !== void 0) warnIfRestored(this.d.log, order, localClose, event, statusBefore);
    return applied;
  }
  applyFill(order, fill) {
    const known = order.fill(fill.tradeId);
    if (known) {
      if (!sameFill(known, fill)) {
        this.d.log.warn(`fill ${fill.tradeId} of ${order.clientOrderId} repeats a trade id with other data: the cached fill wins`, {
          code: "FILL_DUPLICATE_TRADE_ID",
          clientOrderId: order.clientOrderId,
          tradeId: fill.tradeId,
          cached: { lastQty: known.lastQty.toString(), lastPx: known.lastPx.toString() },
          received: { lastQty: fill.lastQty.toString(), lastPx: fill.lastPx.toString() }
        });
      }
      return null;
    }
    const instrument = this.d.instruments.find(order.instrumentId);
    if (!instrument) {
      throw new EngineError("INSTRUMENT_UNKNOWN", `expected a known instrument for fill ${fill.tradeId}, received '${order.instrumentId}'`, {
        instrumentId: order.instrumentId,
        tradeId: fill.tradeId
      });
    }
    const oms = this.d.omsTypeFor(order.strategyId, order.instrumentId);
    const decision = this.d.positions.decide(order, fill, oms);
    const applied = decision.kind === "position" ? withPositionId(fill, decision.positionId) : fill;
    if (decision.kind === "position") this.d.positions.assertFits(instrument, applied, decision.positionId);
    order.apply(applied, { allowOverfills: this.d.allowOverfills() });
    this.d.cache.updateOrder(order);
    if (decision.kind !== "position") {
      this.d.log.info(decision.reason, { clientOrderId: order.clientOrderId, tradeId: fill.tradeId });
      return this.applied(applied, order);
    }
    const positions = this.d.positions.apply(instrument, applied, decision.positionId, oms);
    const linkedChildren = linkOtoChildren(this.d.cache, order, decision.positionId);
    return this.applied(applied, order, positions, linkedChildren);
  }
  applied(event, order, positions = NONE, linkedChildren = NONE) {
    const orderList = order.orderListId === void 0 ? void 0 : this.d.cache.orderList(order.orderListId);
    return { event, init: order.init, orderList, positionId: order.positionId, linkedChildren, positions };
  }
};
function withPositionId(fill, positionId) {
  const out = copyFields(fill);
  out.positionId = positionId;
  return out;
}

// ../../work/keel-E/src/engine/execution/venue-event-check.ts
function checkVenueEvent(e, ctx) {
  const { order } = ctx;
  const contradiction = (field, expected, received) => new EngineError(
    VENUE_EVENT_CONTRADICTS_ORDER,
    `venue ${e.type} for ${order.clientOrderId} refused: expected ${field} ${expected}, received ${received}`,
    { clientOrderId: order.clientOrderId, event: e.type, field, expected, received }
  );
  if (e.instrumentId !== order.instrumentId) return contradiction("instrumentId", order.instrumentId, e.instrumentId);
  const account = order.accountId ?? ctx.clientAccountId;
  if (e.accountId !== void 0 && account !== void 0 && e.accountId !== account) return contradiction("accountId", account, e.accountId);
  if (e.venueOrderId !== void 0) {
    const owner = ctx.venueOrderIdOwner;
    if (owner !== void 0 && owner.clientOrderId !== order.clientOrderId) {
      return contradiction("venueOrderId", order.venueOrderId ?? "(none yet)", `${e.venueOrderId} (held by order ${owner.clientOrderId})`);
    }
    if (order.venueOrderId !== void 0 && e.venueOrderId !== order.venueOrderId && e.type !== "OrderUpdated") {
      return contradiction("venueOrderId", order.venueOrderId, e.venueOrderId);
    }
  }
  if (e.type === "OrderFilled") {
    if (e.side !== order.side) return contradiction("side", order.side, e.side);
    if (!e.lastQty.isPositive()) return contradiction("lastQty", "a positive quantity", e.lastQty.toString());
    if (!e.lastPx.isPositive()) return contradiction("lastPx", "a positive price", e.lastPx.toString());
    if (ctx.quoteCurrency !== void 0 && e.commission.currency === ctx.quoteCurrency) {
      const notional = e.lastPx.mul(e.lastQty);
      if (Decimal.from(e.commission.amount).abs().gt(notional)) {
        return contradiction("commission", `at most the fill's notional ${notional.toString()} ${ctx.quoteCurrency} in size`, e.commission.toString());
      }
    }
  }
  if (e.type === "OrderCanceled" && order.isOpen && order.status !== "PENDING_CANCEL" && !venueMayCancelOnItsOwn(order)) {
    return new EngineError(
      VENUE_EVENT_CANCEL_UNCONFIRMED,
      `venue OrderCanceled for ${order.clientOrderId} held: expected a cancel keel asked for (PENDING_CANCEL), received one for a ${order.status} order; asking the venue for its status`,
      { clientOrderId: order.clientOrderId, event: e.type, field: "status", expected: "PENDING_CANCEL", received: order.status }
    );
  }
  return void 0;
}
function venueMayCancelOnItsOwn(o) {
  return o.timeInForce === "IOC" || o.timeInForce === "FOK" || o.type === "MARKET" || o.reduceOnly || o.postOnly || o.contingencyType !== "NO_CONTINGENCY" || o.parentOrderId !== void 0 || o.linkedOrderIds.length > 0;
}
function checkVenueReport(r, ctx) {
  const { order } = ctx;
  const contradiction = (field, expected, received) => new EngineError(
    VENUE_EVENT_CONTRADICTS_ORDER,
    `venue order status report for ${order.clientOrderId} refused: expected ${field} ${expected}, received ${received}`,
    { clientOrderId: order.clientOrderId, event: "OrderStatusReport", field, expected, received }
  );
  if (r.instrumentId !== order.instrumentId) return contradiction("instrumentId", order.instrumentId, r.instrumentId);
  if (r.side !== order.side) return contradiction("side", order.side, r.side);
  const account = order.accountId ?? ctx.clientAccountId;
  if (account !== void 0 && r.accountId !== account) return contradiction("accountId", account, r.accountId);
  const owner = ctx.venueOrderIdOwner;
  if (owner !== void 0 && owner.clientOrderId !== order.clientOrderId) {
    return contradiction("venueOrderId", order.venueOrderId ?? "(none yet)", `${r.venueOrderId} (held by order ${owner.clientOrderId})`);
  }
  return void 0;
}

// ../../work/keel-E/src/engine/execution/venue-event-refusals.ts
var KEPT = 100;
var VenueEventRefusals = class {
  count = 0;
  byCode = /* @__PURE__ */ new Map();
  latest = [];
  add(error) {
    this.count += 1;
    this.byCode.set(error.code, (this.byCode.get(error.code) ?? 0) + 1);
    this.latest.push(error);
    if (this.latest.length > KEPT) this.latest.shift();
  }
  get stats() {
    return { refused: this.count, byCode: Object.fromEntries(this.byCode), latest: [...this.latest] };
  }
};

// ../../work/keel-E/src/engine/execution/execution-engine.ts
var ExecutionEngine = class {
  constructor(options) {
    this.options = options;
    this.allowOverfills = options.allowOverfills ?? false;
    this.log = options.logger ?? noopLogger;
    this.router = new ClientRouter(options.instruments);
    const positions = new PositionKeeper(options.cache, options.positionIds ?? new PositionIdGenerator(options.traderId, options.clock), options.clock);
    this.step = new ApplyStep({
      cache: options.cache,
      instruments: options.instruments,
      log: this.log,
      positions,
      omsTypeFor: (strategyId, instrumentId) => this.omsTypeFor(strategyId, instrumentId),
      allowOverfills: () => this.allowOverfills
    });
  }
  options;
  allowOverfills;
  router;
  oms = new OmsRegistry();
  step;
  log;
  _invalid = 0;
  refusals = new VenueEventRefusals();
  _commands = 0;
  _events = 0;
  // --- wiring ---------------------------------------------------------------------------------------
  /**
   * Route commands for the client's venue to it, under the venue account's OMS (known once logged in).
   * No sink is installed here: the client's owner (the live engine) installs the one sink, and its event
   * queue hands venue events to `processVenueEvent`.
   */
  registerClient(client) {
    this.router.add(client);
    this.oms.setVenue(client.venue, client.omsType);
  }
  client(venue) {
    return this.router.byVenue(venue);
  }
  registeredClients() {
    return this.router.all();
  }
  registerStrategy(strategyId, options = {}) {
    this.oms.setStrategy(strategyId, options.omsType ?? "UNSPECIFIED");
  }
  /** A live OMS change: positions opened from now on follow it; existing positions keep their ids. */
  setStrategyOms(strategyId, omsType) {
    this.oms.setStrategy(strategyId, omsType);
  }
  /** The OMS that applies to a strategy's fills in an instrument. */
  omsTypeFor(strategyId, instrumentId) {
    return this.oms.resolve(strategyId, this.router.venueOf(instrumentId));
  }
  get invalidCount() {
    return this._invalid;
  }
  /** Venue events refused because they contradict the order they name (or an unasked cancel awaiting the venue). */
  get venueEventRefusals() {
    return this.refusals.stats;
  }
  get commandCount() {
    return this._commands;
  }
  get eventCount() {
    return this._events;
  }
  // --- commands -------------------------------------------------------------------------------------
  /**
   * Route a command. A promise means a submit is held by the write-ahead gate (its store acknowledges
   * later): it settles once the orders left for the venue or were rejected; the caller keeps later
   * commands for those orders behind it.
   */
  execute(command) {
    this._commands += 1;
    switch (command.type) {
      case "SubmitOrder":
        return this.submitOrder(command);
      case "SubmitOrderList":
        return this.submitOrderList(command);
      case "ModifyOrder": {
        const client = this.pending(command.clientOrderId, "OrderPendingUpdate");
        client?.modifyOrder(command);
        return;
      }
      case "CancelOrder": {
        const client = this.pending(command.clientOrderId, "OrderPendingCancel");
        client?.cancelOrder(command);
        return;
      }
      case "CancelAllOrders":
        this.cancelAll(command);
        return;
      case "QueryOrder":
        this.router.clientFor(command.instrumentId)?.queryOrder(command);
        return;
      default: {
        const never = command;
        throw new Error(`unhandled command ${String(never.type)}`);
      }
    }
  }
  submitOrder(command) {
    const order = this.ensureOrder(command.order);
    if (!order) return;
    const reason = this.positionIdProblem(order.init, command.positionId) ?? this.noClientProblem(order.instrumentId);
    if (reason) {
      this.log.warn(`order ${order.clientOrderId} denied: ${reason}`, { clientOrderId: order.clientOrderId, reason });
      this.denyOrder(order.init, reason);
      return;
    }
    if (command.positionId !== void 0 && order.positionId === void 0) order.assignPositionId(command.positionId);
    const submitted = this.handle(orderSubmitted(order, this.options.clock.timestampNs()), false, order);
    if (submitted === void 0) return;
    return this.sendAfterGate([order], submitted === null ? NONE : [submitted], () => this.router.clientFor(order.instrumentId).submitOrder(command));
  }
  submitOrderList(command) {
    const orders = [];
    for (const init of command.orders) {
      const order = this.ensureOrder(init);
      if (!order) return;
      orders.push(order);
    }
    if (!this.options.cache.orderList(command.orderListId)) {
      this.options.cache.addOrderList({ id: command.orderListId, instrumentId: command.instrumentId, strategyId: command.strategyId, orders });
    }
    const reason = orders.map((o) => this.positionIdProblem(o.init, command.positionId)).find((r) => r !== void 0) ?? this.noClientProblem(command.instrumentId);
    if (reason) {
      this.log.warn(`order list ${command.orderListId} denied: ${reason}`, { orderListId: command.orderListId, reason });
      for (const o of orders) this.denyOrder(o.init, reason);
      return;
    }
    const now = this.options.clock.timestampNs();
    const submitted = [];
    for (const o of orders) {
      if (command.positionId !== void 0 && o.positionId === void 0) o.assignPositionId(command.positionId);
      const applied = this.handle(orderSubmitted(o, now), false);
      if (applied === void 0) return;
      if (applied !== null) submitted.push(applied);
    }
    return this.sendAfterGate(orders, submitted, () => this.router.clientFor(command.instrumentId).submitOrderList(command));
  }
  /**
   * The write-ahead gate, then the send: a refusal keeps the orders from leaving (rejected with its coded
   * reason). A gate answering later (Redis) holds the send: the returned promise settles once the orders
   * left or were rejected; they leave only if all are still SUBMITTED then (nothing else decided them).
   */
  sendAfterGate(orders, submitted, send) {
    const verdict = this.options.beforeSend?.(submitted);
    if (verdict === void 0) return send();
    if (!(verdict instanceof Promise)) return this.rejectHeld(orders, verdict);
    return verdict.then((error) => {
      if (error !== void 0) return this.rejectHeld(orders, error);
      if (orders.every((o) => o.status === "SUBMITTED")) return send();
      this.log.warn("held submit not sent: its orders changed while Redis acknowledged them", { orders: orders.map((o) => `${o.clientOrderId}/${o.status}`).join(", ") });
    });
  }
  rejectHeld(orders, error) {
    const now = this.options.clock.timestampNs();
    for (const o of orders) if (o.status === "SUBMITTED") this.handle(orderRejected(o, `${error.code}: ${error.message}`, now), false, o);
  }
  cancelAll(command) {
    const client = this.router.clientFor(command.instrumentId);
    if (!client) return;
    const now = this.options.clock.timestampNs();
    for (const order of this.options.cache.ordersOpen({ strategyId: command.strategyId, instrumentId: command.instrumentId })) {
      if (command.side !== void 0 && order.side !== command.side) continue;
      if (order.status !== "PENDING_CANCEL") this.handle(orderPendingCancel(order, now), false);
    }
    client.cancelAllOrders(command);
  }
  /** Apply the pending event of a modify/cancel; the client to send it to, or undefined when refused. */
  pending(clientOrderId, type) {
    const order = this.options.cache.order(clientOrderId);
    if (!order) {
      this.refuse(void 0, new EngineError("ORDER_UNKNOWN", `expected a cached order for ${type}, received '${clientOrderId}'`, { clientOrderId }));
      return void 0;
    }
    const now = this.options.clock.timestampNs();
    const event = type === "OrderPendingUpdate" ? orderPendingUpdate(order, now) : orderPendingCancel(order, now);
    return this.handle(event, false) !== void 0 ? this.router.clientFor(order.instrumentId) : void 0;
  }
  /** The cached order of a submit, created (and cached) from its definition if the strategy did not. */
  ensureOrder(init) {
    const cached2 = this.options.cache.order(init.clientOrderId);
    if (cached2) return cached2;
    try {
      const order = Order.create(init);
      this.options.cache.addOrder(order);
      return order;
    } catch (error) {
      this.refuse(init, asEngineError(error));
      return void 0;
    }
  }
  /** NETTING allows one position per (instrument, strategy): any other requested id is refused. */
  positionIdProblem(init, positionId) {
    if (positionId === void 0 || this.omsTypeFor(init.strategyId, init.instrumentId) !== "NETTING") return void 0;
    const expected = nettingPositionId(init.instrumentId, init.strategyId);
    if (positionId === expected) return void 0;
    return `POSITION_ID_INVALID: under NETTING the only position id for ${init.instrumentId} and ${init.strategyId} is '${expected}', received '${positionId}'`;
  }
  noClientProblem(instrumentId) {
    if (this.router.clientFor(instrumentId)) return void 0;
    return `NO_EXECUTION_CLIENT: expected an execution client for venue '${this.router.venueOf(instrumentId) ?? "?"}' (registered: ${this.router.venues().join(", ") || "none"}), received an order for ${instrumentId}`;
  }
  /**
   * Deny an order that never reached a venue (the risk engine's refusals): the order is cached first if
   * the strategy did not, so it is found DENIED. One that cannot even be built (quantity 0) still has
   * its OrderDenied published to its strategy.
   */
  denyOrder(init, reason) {
    if (!this.options.cache.hasOrder(init.clientOrderId)) {
      try {
        this.options.cache.addOrder(Order.create(init));
      } catch {
      }
    }
    this.handle(orderDenied(init, reason, this.options.clock.timestampNs()), false);
  }
  // --- events ---------------------------------------------------------------------------------------
  /** Apply an order event (from the risk engine, a strategy, or an enriched venue event). Never throws. */
  process(event) {
    this.handle(event, false);
  }
  /** A venue adapter's event: fill in trader, strategy, event id and tsInit from the cached order. */
  processVenueEvent(e) {
    const order = this.options.cache.order(e.clientOrderId) ?? (e.venueOrderId !== void 0 ? this.options.cache.orderByVenueOrderId(e.venueOrderId) : void 0);
    if (!order) {
      this._invalid += 1;
      this.log.warn(`venue event ${e.type} for an unknown order`, {
        code: "ORDER_UNKNOWN",
        clientOrderId: e.clientOrderId,
        venueOrderId: e.venueOrderId,
        event: e.type
      });
      return;
    }
    const problem = checkVenueEvent(e, this.venueCheckContext(order, e.venueOrderId, e.type === "OrderFilled"));
    if (problem !== void 0) {
      this.refuseVenueMessage(order, problem, { query: true });
      return;
    }
    this.handle(this.enrich(order, e), false, order);
  }
  /**
   * What a venue message about `order` is checked with (the live engine checks runtime reports with it
   * too). Lookups are made only when they can matter: the owner of a venue order id that is not the
   * order's own, the quote currency of a fill.
   */
  venueCheckContext(order, venueOrderId, fill = false) {
    return {
      order,
      clientAccountId: order.accountId === void 0 ? this.router.clientFor(order.instrumentId)?.accountId : void 0,
      venueOrderIdOwner: venueOrderId !== void 0 && venueOrderId !== order.venueOrderId ? this.options.cache.orderByVenueOrderId(venueOrderId) : void 0,
      quoteCurrency: fill ? this.options.instruments.find(order.instrumentId)?.quoteCurrency : void 0
    };
  }
  /**
   * A venue message that contradicts its order: nothing of it is applied; it is logged and counted, and
   * (`query`) the venue is asked for the order's status so that its truth arrives as a report.
   */
  refuseVenueMessage(order, error, options) {
    this.refusals.add(error);
    this.log.error(error.message, { code: error.code, ...error.details });
    if (!options.query) return;
    const client = this.router.clientFor(order.instrumentId);
    client?.queryOrder({
      type: "QueryOrder",
      commandId: newEventId(),
      traderId: order.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      ...order.venueOrderId !== void 0 ? { venueOrderId: order.venueOrderId } : {},
      tsInit: this.options.clock.timestampNs()
    });
  }
  enrich(order, e) {
    const out = copyFields(e);
    out.clientOrderId = order.clientOrderId;
    out.traderId = order.traderId;
    out.strategyId = order.strategyId;
    out.eventId = newEventId();
    out.tsInit = this.options.clock.timestampNs();
    return out;
  }
  /** Strict apply for reconciliation plans: throws the EngineError instead of logging it. Returns what changed (null: nothing, a replayed fill). */
  applyEvent(event) {
    return this.handle(event, true) ?? null;
  }
  /** Apply a list of events in order, strictly (reconciliation's own events skip any queue). */
  applyEvents(events) {
    for (const e of events) this.handle(e, true);
  }
  /** Cache an order made elsewhere (reconciliation, a strategy's factory). */
  addOrder(order, positionId) {
    this.options.cache.addOrder(order, positionId);
  }
  /**
   * Apply, then publish what changed. Returns it (null: nothing changed, a replayed fill), or undefined
   * when the event was refused. `known`: the cached order of the event's client order id, when the
   * caller has just looked it up (saves a second lookup in a cache of every order).
   */
  handle(event, strict, known) {
    let applied;
    try {
      applied = this.step.apply(event, known);
    } catch (error) {
      const err = asEngineError(error);
      if (strict) throw err;
      this.refuse(event, err);
      return void 0;
    }
    this._events += 1;
    if (applied !== null) this.publish(applied);
    return applied;
  }
  /**
   * The whole record first (the journal's feed: so the journal's order is the apply order, even when a
   * strategy reacting to the event applies more at once), then the order event to its strategy, then
   * its position events.
   */
  publish(applied) {
    const { bus } = this.options;
    bus.publish(topics.applied, applied);
    bus.publish(topics.orderEvents(applied.event.strategyId), applied.event);
    for (const p of applied.positions) bus.publish(topics.positionEvents(p.event.strategyId), p.event);
  }
  refuse(event, error) {
    this._invalid += 1;
    this.log.error(`order event refused: ${error.message}`, {
      code: error.code,
      event: event?.type,
      clientOrderId: event?.clientOrderId,
      ...error.details
    });
    if (event) this.options.onInvalid?.(event, error);
  }
};
function asEngineError(error) {
  if (isEngineError(error)) return error;
  return new EngineError("EXEC_UNEXPECTED", `unexpected error: ${error instanceof Error ? error.message : String(error)}`, {});
}

// ../../work/keel-E/src/engine/execution/live/bounded-queue.ts
var BoundedQueue = class {
  constructor(options) {
    this.options = options;
    assertCapacity(options.capacity);
    this.capacityValue = options.capacity;
    this.warn = rateLimitedWarn(options.logger ?? noopLogger, options.clock);
    this.schedule = options.schedule ?? queueMicrotask;
  }
  options;
  items = [];
  head = 0;
  overflow = [];
  overflowHead = 0;
  byKey = /* @__PURE__ */ new Map();
  capacityValue;
  scheduled = false;
  draining = false;
  paused = false;
  warn;
  schedule;
  spaceWaiters = [];
  idleWaiters = [];
  /** Messages that had to wait in the overflow, since creation (for tests and stats). */
  backPressured = 0;
  processed = 0;
  /** The most messages that ever waited in the overflow at once (0: every producer stopped in time). */
  maxWaiting = 0;
  get capacity() {
    return this.capacityValue;
  }
  /** Messages inside the queue proper (at most `capacity`). */
  get queued() {
    return this.items.length - this.head;
  }
  /** Messages waiting for room. */
  get waiting() {
    return this.overflow.length - this.overflowHead;
  }
  /** Everything not yet processed. */
  get size() {
    return this.queued + this.waiting;
  }
  /** Enqueue; true when the message entered the queue, false when it waits (back-pressure). Never throws, never drops. */
  push(item) {
    this.countKey(item, 1);
    let accepted;
    if (this.waiting === 0 && this.queued < this.capacityValue) {
      this.items.push(item);
      accepted = true;
    } else {
      this.overflow.push(item);
      this.backPressured += 1;
      if (this.waiting > this.maxWaiting) this.maxWaiting = this.waiting;
      this.warn(`${this.options.name}-full`, `${this.options.name} queue at capacity ${this.capacityValue}: producer back-pressured`, {
        queue: this.options.name,
        capacity: this.capacityValue,
        waiting: this.waiting
      });
      accepted = false;
    }
    this.kick();
    return accepted;
  }
  /** At capacity (or with messages waiting): a producer that can pause should, until `whenSpace()`. */
  get full() {
    return this.waiting > 0 || this.queued >= this.capacityValue;
  }
  /** Resolves when the queue has room (at once if it has). */
  whenSpace() {
    if (this.waiting === 0 && this.queued < this.capacityValue) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }
  /** Resolves when every message pushed so far has been processed. */
  whenIdle() {
    if (this.size === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
  /** Every message not yet processed, in order (a copy: reconciliation looks at what is still to come). */
  pending() {
    return [...this.items.slice(this.head), ...this.overflow.slice(this.overflowHead)];
  }
  /** Whether a message with this key is still waiting to be processed. */
  holds(key) {
    return (this.byKey.get(key) ?? 0) > 0;
  }
  /** Change the capacity; refused (nothing changes) when more messages are queued than the new capacity. */
  resize(capacity) {
    assertCapacity(capacity);
    if (capacity < this.size) {
      throw new EngineError("QSIZE_BELOW_QUEUED", `${this.options.name} queue: expected a qsize >= ${this.size} (messages queued now), received ${capacity}`, {
        queue: this.options.name,
        requested: capacity,
        queued: this.size
      });
    }
    this.capacityValue = capacity;
    this.refill();
  }
  /** Stop handing out messages (they stay queued, in order) until `resume()`. */
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
    this.kick();
  }
  /** Process everything queued now, synchronously (used on shutdown and by tests with a manual scheduler). */
  drainNow() {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.paused && this.queued > 0) {
        const item = this.items[this.head];
        this.items[this.head] = void 0;
        this.head += 1;
        this.countKey(item, -1);
        this.refill();
        try {
          this.options.handler(item);
        } catch (error) {
          this.options.onError(error, item);
        }
        this.processed += 1;
      }
      this.compact();
    } finally {
      this.draining = false;
    }
    if (this.size === 0) this.notify("idle");
  }
  kick() {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.drainNow();
    });
  }
  /** Move waiting messages into the queue while it has room, in order. */
  refill() {
    while (this.waiting > 0 && this.queued < this.capacityValue) {
      this.items.push(this.overflow[this.overflowHead]);
      this.overflow[this.overflowHead] = void 0;
      this.overflowHead += 1;
    }
    if (this.overflowHead > 1024 && this.overflowHead * 2 > this.overflow.length) {
      this.overflow.splice(0, this.overflowHead);
      this.overflowHead = 0;
    }
    if (this.waiting === 0 && this.queued < this.capacityValue) this.notify("space");
  }
  compact() {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  notify(which) {
    const list = which === "space" ? this.spaceWaiters : this.idleWaiters;
    if (list.length === 0) return;
    if (which === "space") this.spaceWaiters = [];
    else this.idleWaiters = [];
    for (const resolve of list) resolve();
  }
  countKey(item, delta) {
    const key = this.options.keyOf?.(item);
    if (key === void 0) return;
    const n = (this.byKey.get(key) ?? 0) + delta;
    if (n <= 0) this.byKey.delete(key);
    else this.byKey.set(key, n);
  }
};
function assertCapacity(capacity) {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new EngineError("QSIZE_INVALID", `expected a queue capacity that is a positive integer, received ${String(capacity)}`, { capacity });
  }
}

// ../../work/keel-E/src/engine/execution/live/checks/inflight-check.ts
var INFLIGHT_TIMEOUT = "INFLIGHT_TIMEOUT";
var InflightCheck = class {
  constructor(host) {
    this.host = host;
  }
  host;
  retries = /* @__PURE__ */ new Map();
  lastQueryNs = /* @__PURE__ */ new Map();
  /** Orders whose latest query the venue answered with "unknown order" (not a report, so retries go on). */
  unknownAnswers = /* @__PURE__ */ new Set();
  /** Status queries sent since creation (tests assert on it: scenario 18). */
  queryCount = 0;
  resolvedCount = 0;
  retryCount(clientOrderId) {
    return this.retries.get(clientOrderId) ?? 0;
  }
  /** A status report for the order arrived: it is answered, start again from zero. */
  onReport(clientOrderId) {
    this.retries.delete(clientOrderId);
    this.lastQueryNs.delete(clientOrderId);
    this.unknownAnswers.delete(clientOrderId);
  }
  /** The venue answered a query for the order: it does not know it. Retries go on (a submit may still be on its way). */
  onUnknownAnswer(clientOrderId) {
    if (this.retries.has(clientOrderId)) this.unknownAnswers.add(clientOrderId);
  }
  /** One tick of the check. */
  run() {
    const { host } = this;
    const now = host.clock.timestampNs();
    const cfg = host.config();
    const thresholdNs = BigInt(cfg.inflightCheckThresholdMs) * NANOS_PER_MS;
    const live = /* @__PURE__ */ new Set();
    for (const order of host.inflightOrders()) {
      const id = order.clientOrderId;
      live.add(id);
      if (host.hasQueuedEvents(id)) continue;
      if (now <= order.lastEvent.tsEvent + thresholdNs) continue;
      const last = this.lastQueryNs.get(id);
      if (last !== void 0 && now <= last + thresholdNs) continue;
      const count = this.retries.get(id) ?? 0;
      if (count >= cfg.inflightCheckRetries) {
        const basis = this.unknownAnswers.has(id) ? "VENUE_UNKNOWN_ORDER" : "VENUE_NO_ANSWER";
        this.onReport(id);
        this.resolvedCount += 1;
        host.resolve(id, order.status === "SUBMITTED" ? { kind: "REJECT", reason: INFLIGHT_TIMEOUT, basis } : { kind: "CANCEL", basis });
        continue;
      }
      this.retries.set(id, count + 1);
      this.lastQueryNs.set(id, now);
      this.unknownAnswers.delete(id);
      this.queryCount += 1;
      host.query(id);
    }
    for (const id of [...this.retries.keys()]) if (!live.has(id)) this.onReport(id);
  }
};

// ../../work/keel-E/src/engine/execution/live/checks/open-order-check.ts
var ORDER_NOT_FOUND_AT_VENUE = "ORDER_NOT_FOUND_AT_VENUE";
var WORKING_AT_VENUE = /* @__PURE__ */ new Set(["ACCEPTED", "TRIGGERED", "PENDING_UPDATE", "PENDING_CANCEL", "PARTIALLY_FILLED"]);
var OpenOrderCheck = class {
  constructor(host) {
    this.host = host;
  }
  host;
  missing = /* @__PURE__ */ new Map();
  targetedQueries = 0;
  resolvedCount = 0;
  /** Reports applied for orders keel held as closed by a local resolution. */
  restored = 0;
  /** Orders keel holds closed by the venue's word that the venue reports working (full-history mode). */
  closedButWorking = 0;
  /**
   * Cycles finished: the venue answered the list and every order was judged, targeted queries included.
   * Counted at the end, not when the list arrives: while a targeted query is still out the scheduler
   * skips the next tick (no overlap), so a cycle counted early would tell a caller the check is free
   * for the next tick when it is not.
   */
  cycles = 0;
  missingCount(clientOrderId) {
    return this.missing.get(clientOrderId) ?? 0;
  }
  async run() {
    const { host } = this;
    const cfg = host.config();
    const startNs = host.clock.timestampNs();
    const lookbackNs = BigInt(cfg.openCheckLookbackMins) * 60000n * NANOS_PER_MS;
    const local = host.openOrders();
    const reports = await host.fetchOrderReports(cfg.openCheckOpenOnly ? { openOnly: true } : { openOnly: false, start: startNs - lookbackNs });
    try {
      await this.judge(local, reports, cfg);
    } finally {
      this.cycles += 1;
    }
  }
  async judge(local, reports, cfg) {
    const { host } = this;
    const byVenueId = /* @__PURE__ */ new Map();
    const byClientId = /* @__PURE__ */ new Map();
    for (const r of reports) {
      byVenueId.set(r.venueOrderId, r);
      if (r.clientOrderId !== void 0) byClientId.set(r.clientOrderId, r);
    }
    const now = host.clock.timestampNs();
    const thresholdNs = BigInt(cfg.openCheckThresholdMs) * NANOS_PER_MS;
    const seen = /* @__PURE__ */ new Set();
    for (const order of local) {
      const id = order.clientOrderId;
      seen.add(id);
      if (now - order.tsLast < thresholdNs) continue;
      const report = byClientId.get(id) ?? (order.venueOrderId !== void 0 ? byVenueId.get(order.venueOrderId) : void 0);
      if (report !== void 0) {
        this.missing.delete(id);
        host.applyReport(report);
        continue;
      }
      const count = (this.missing.get(id) ?? 0) + 1;
      this.missing.set(id, count);
      if (count < cfg.openCheckMissingRetries) continue;
      await this.resolve(order, cfg.openCheckOpenOnly);
    }
    for (const id of [...this.missing.keys()]) if (!seen.has(id)) this.missing.delete(id);
    this.lookAtClosed(reports, seen, now, thresholdNs, cfg.openCheckOpenOnly);
  }
  /**
   * Orders the venue reports that keel holds as closed. Closed by keel's own inference (a local
   * resolution): the venue is the truth, the report goes through the runtime rules, which restore the
   * order (`restored`). Closed by the venue's word yet reported working (full-history mode): the report
   * goes through the same rules, which refuse to reopen it and log the disagreement (`closedButWorking`).
   * Orders with local activity newer than the threshold are skipped (the list may predate it).
   */
  lookAtClosed(reports, judged, now, thresholdNs, openOnly) {
    const { host } = this;
    if (host.closedOrder === void 0) return;
    for (const r of reports) {
      const order = host.closedOrder(r);
      if (order === void 0 || judged.has(order.clientOrderId) || order.status === r.status) continue;
      if (now - order.tsLast < thresholdNs) continue;
      if (order.closedLocally) this.restored += 1;
      else if (!openOnly && WORKING_AT_VENUE.has(r.status)) this.closedButWorking += 1;
      else continue;
      host.applyReport(r);
    }
  }
  async resolve(order, openOnly) {
    const { host } = this;
    this.targetedQueries += 1;
    const report = await host.fetchOrderReport(order);
    if (report !== null) {
      this.missing.delete(order.clientOrderId);
      host.applyReport(report);
      return;
    }
    if (openOnly) return;
    const resolution = resolutionFor(order.status);
    if (resolution === void 0) return;
    this.missing.delete(order.clientOrderId);
    this.resolvedCount += 1;
    host.resolveMissing(order.clientOrderId, resolution);
  }
};
function resolutionFor(status) {
  switch (status) {
    case "ACCEPTED":
    case "TRIGGERED":
      return { kind: "REJECT", reason: ORDER_NOT_FOUND_AT_VENUE };
    case "PARTIALLY_FILLED":
      return { kind: "CANCEL" };
    default:
      return void 0;
  }
}

// ../../work/keel-E/src/engine/execution/live/checks/position-check.ts
var ZERO = Decimal.from("0");
var PositionCheck = class {
  constructor(host) {
    this.host = host;
  }
  host;
  attempts = /* @__PURE__ */ new Map();
  discrepancies = 0;
  fillsApplied = 0;
  attemptCount(instrumentId) {
    return this.attempts.get(this.key(instrumentId)) ?? 0;
  }
  async run() {
    const { host } = this;
    const cfg = host.config();
    const reports = await host.fetchPositionReports();
    const venueQty = /* @__PURE__ */ new Map();
    for (const r of reports) {
      if (r.accountId !== host.accountId) continue;
      venueQty.set(r.instrumentId, (venueQty.get(r.instrumentId) ?? ZERO).add(r.signedQty));
    }
    const instruments = /* @__PURE__ */ new Set([...venueQty.keys(), ...host.localInstruments()]);
    const now = host.clock.timestampNs();
    const thresholdNs = BigInt(cfg.positionCheckThresholdMs) * NANOS_PER_MS;
    for (const instrumentId of instruments) {
      const ours = host.localNetQty(instrumentId);
      const theirs = venueQty.get(instrumentId) ?? ZERO;
      const key = this.key(instrumentId);
      if (ours.eq(theirs)) {
        this.attempts.delete(key);
        continue;
      }
      const lastFill = host.lastLocalFillNs(instrumentId);
      if (lastFill !== void 0 && now - lastFill < thresholdNs) continue;
      this.discrepancies += 1;
      const tried = this.attempts.get(key) ?? 0;
      if (tried >= cfg.positionCheckRetries) {
        host.logger.warn("position check: discrepancy persists, retries exhausted", { instrumentId, accountId: host.accountId, ours: ours.toString(), venue: theirs.toString() });
        continue;
      }
      this.attempts.set(key, tried + 1);
      const start = now - BigInt(cfg.positionCheckLookbackMins) * 60000n * NANOS_PER_MS;
      const fills = await host.fetchFillReports({ instrumentId, start });
      const missing = fills.filter((f) => !host.hasTradeId(f));
      if (missing.length > 0) this.fillsApplied += await host.applyFills(missing);
      host.logger.info("position check: discrepancy", { instrumentId, accountId: host.accountId, ours: ours.toString(), venue: theirs.toString(), missingFills: missing.length });
    }
  }
  key(instrumentId) {
    return `${instrumentId}|${this.host.accountId}`;
  }
};

// ../../work/keel-E/src/engine/execution/live/clock-timeout.ts
var seq = 0;
function withClockTimeout(clock, work, ms2, code, what) {
  if (ms2 === void 0 || ms2 <= 0) return work;
  const name = `timeout:${what}:${++seq}`;
  return new Promise((resolve, reject) => {
    clock.setTimeAlert(name, clock.timestampNs() + BigInt(Math.round(ms2)) * NANOS_PER_MS, () => {
      reject(new EngineError(code, `${what}: expected an answer within ${ms2} ms, received none`, { timeoutMs: ms2, what }));
    });
    work.then(
      (v) => {
        clock.cancelTimer(name);
        resolve(v);
      },
      (e) => {
        clock.cancelTimer(name);
        reject(e);
      }
    );
  });
}

// ../../work/keel-E/src/engine/model/order-traits.ts
var ORDER_TRAITS = {
  MARKET: { hasPrice: false, hasTrigger: false, triggerKind: null, restsAsLimitAfterTrigger: false, takesLiquidity: true, modifiable: false },
  LIMIT: { hasPrice: true, hasTrigger: false, triggerKind: null, restsAsLimitAfterTrigger: false, takesLiquidity: false, modifiable: true },
  STOP_MARKET: { hasPrice: false, hasTrigger: true, triggerKind: "STOP", restsAsLimitAfterTrigger: false, takesLiquidity: true, modifiable: true },
  STOP_LIMIT: { hasPrice: true, hasTrigger: true, triggerKind: "STOP", restsAsLimitAfterTrigger: true, takesLiquidity: false, modifiable: true },
  MARKET_IF_TOUCHED: { hasPrice: false, hasTrigger: true, triggerKind: "IF_TOUCHED", restsAsLimitAfterTrigger: false, takesLiquidity: true, modifiable: true },
  LIMIT_IF_TOUCHED: { hasPrice: true, hasTrigger: true, triggerKind: "IF_TOUCHED", restsAsLimitAfterTrigger: true, takesLiquidity: false, modifiable: true }
};

// ../../work/keel-E/src/engine/execution/reconciliation/prices.ts
function reconciliationPrice(ourSigned, ourAvg, venueSigned, venueAvg, pricePrecision) {
  if (ourSigned.eq(venueSigned)) return void 0;
  if (venueSigned.isZero()) return round(ourAvg, pricePrecision);
  if (ourSigned.isZero() || ourSigned.isPositive() !== venueSigned.isPositive()) return round(venueAvg, pricePrecision);
  if (venueAvg === void 0 || ourAvg === void 0) return void 0;
  const diff = venueSigned.sub(ourSigned);
  const notional = venueAvg.mul(venueSigned).sub(ourAvg.mul(ourSigned));
  const px2 = Price.fromRaw(notional.raw, notional.precision).div(diff, pricePrecision);
  return px2.isPositive() ? px2 : void 0;
}
function round(px2, precision) {
  if (px2 === void 0) return void 0;
  return px2.withPrecision(precision);
}
function inferredFillPrice(args) {
  const { ourFilled, ourAvg, venueFilled, venueAvg, orderPrice, pricePrecision } = args;
  const fallback = round(venueAvg ?? orderPrice, pricePrecision);
  if (ourFilled.isZero() || ourAvg === void 0 || venueAvg === void 0) return fallback;
  const diff = venueFilled.sub(ourFilled);
  if (!diff.isPositive()) return fallback;
  const notional = venueAvg.mul(venueFilled).sub(ourAvg.mul(ourFilled));
  const px2 = Price.fromRaw(notional.raw, notional.precision).div(diff, pricePrecision);
  return px2.isPositive() ? px2 : fallback;
}
function inferredLiquidity(orderType, postOnly) {
  if (postOnly) return "MAKER";
  if (ORDER_TRAITS[orderType].takesLiquidity) return "TAKER";
  return "NO_LIQUIDITY_SIDE";
}

// ../../work/keel-E/src/engine/execution/reconciliation/order-planner.ts
var RECON_EVENT_PREFIX = "E-RECON";
var INFERRED_TRADE_PREFIX = "T-INFER";
var OVERFILL_REFUSED = "OVERFILL_REFUSED";
var ORDER_DEFERRED = "ORDER_DEFERRED";
var OrderFailure = class extends Error {
};
function keelAheadOfSnapshot(order, report, fills, askedNs) {
  const known = new Set(fills.map((f) => f.tradeId));
  const newer = order.fills.filter((f) => !known.has(f.tradeId) && f.tsInit >= askedNs);
  if (newer.length === 0) return void 0;
  const unexplained = newer.reduce((q, f) => q.sub(f.lastQty), order.filledQty);
  if (unexplained.gt(report.filledQty)) return void 0;
  return `keel applied ${newer.length === 1 ? "fill" : "fills"} ${newer.map((f) => f.tradeId).join(", ")} after the venue's snapshot was taken: its filled ${report.filledQty.toString()} is behind keel's ${order.filledQty.toString()}; the next reconciliation looks again`;
}
function claimOf(claims, instrumentId) {
  if (claims === void 0) return void 0;
  if (claims instanceof Map) return claims.get(instrumentId);
  return claims[instrumentId];
}
function findOrder(view, report) {
  return (report.clientOrderId !== void 0 ? view.order(report.clientOrderId) : void 0) ?? view.orderByVenueOrderId(report.venueOrderId);
}
function cloneOrder(order) {
  const copy = Order.create(order.events[0]);
  for (const e of order.events.slice(1)) copy.apply(e, { allowOverfills: true });
  if (order.positionId !== void 0) copy.assignPositionId(order.positionId);
  return copy;
}
function orderState(o) {
  return {
    status: o.status,
    quantity: o.quantity.toString(),
    filled: o.filledQty.toString(),
    ...o.avgPx !== void 0 ? { avgPx: o.avgPx.toString() } : {}
  };
}
function reportState(r) {
  return {
    status: r.status,
    quantity: r.quantity.toString(),
    filled: r.filledQty.toString(),
    ...r.avgPx !== void 0 ? { avgPx: r.avgPx.toString() } : {},
    ...r.price !== void 0 ? { price: r.price.toString() } : {},
    ...r.triggerPrice !== void 0 ? { triggerPrice: r.triggerPrice.toString() } : {},
    ...r.reason !== void 0 ? { reason: r.reason } : {}
  };
}
function planOrder(report, fills, env) {
  const { builder, view, config, ctx } = env;
  const cached2 = findOrder(view, report);
  const clientOrderId = cached2?.clientOrderId ?? report.clientOrderId ?? externalClientOrderId(env.venue, report.venueOrderId);
  const itemIndex = builder.addItem({
    kind: "order",
    key: clientOrderId,
    instrumentId: report.instrumentId,
    venueOrderId: report.venueOrderId,
    clientOrderId,
    had: cached2 !== void 0 ? orderState(cached2) : null,
    venue: reportState(report)
  });
  const fillItems = fills.map(
    (f) => builder.addItem({
      kind: "fill",
      key: f.tradeId,
      instrumentId: f.instrumentId,
      venueOrderId: f.venueOrderId,
      clientOrderId,
      had: cached2?.fill(f.tradeId) !== void 0 ? fillState(cached2.fill(f.tradeId)) : null,
      venue: { quantity: f.lastQty.toString(), price: f.lastPx.toString(), commission: f.commission.toString() }
    })
  );
  const skipAll = (rule, reason) => {
    builder.skip(itemIndex, rule, reason);
    for (const i of fillItems) builder.skip(i, rule, reason);
  };
  const filtered = config.filteredClientOrderIds ?? [];
  if (filtered.includes(clientOrderId) || report.clientOrderId !== void 0 && filtered.includes(report.clientOrderId)) {
    return skipAll("FILTERED_CLIENT_ORDER_ID", "client order id is in filteredClientOrderIds");
  }
  if (cached2 !== void 0 && cached2.isClosed && cached2.tags.includes(TAG_RECONCILIATION)) {
    return skipAll("RECONCILIATION_ORDER_CLOSED", "a closed order made by reconciliation is not replayed");
  }
  const claimed = claimOf(ctx.claims, report.instrumentId);
  if (cached2 === void 0 && claimed === void 0 && config.filterUnclaimedExternalOrders === true) {
    return skipAll("UNCLAIMED_EXTERNAL", "no strategy claims this instrument (filterUnclaimedExternalOrders)");
  }
  if (cached2 !== void 0 && ctx.snapshotAskedNs !== void 0 && report.filledQty.lt(cached2.filledQty)) {
    const ahead = keelAheadOfSnapshot(cached2, report, fills, ctx.snapshotAskedNs);
    if (ahead !== void 0) return skipAll(ORDER_DEFERRED, ahead);
  }
  const staged = [];
  const refused = [];
  let order;
  try {
    if (cached2 !== void 0) {
      order = cloneOrder(cached2);
    } else {
      const init = externalInit(report, clientOrderId, claimed ?? EXTERNAL_STRATEGY_ID, ctx);
      order = Order.create(init);
      staged.push({ kind: "createOrder", init });
    }
    decide(order, report, fills, fillItems, staged, refused, env);
  } catch (err) {
    if (!(err instanceof OrderFailure) && !isEngineError(err)) throw err;
    builder.fail(itemIndex, err.message);
    for (const i of fillItems) {
      if (builder.item(i).outcome === "SKIPPED") continue;
      builder.fail(i, `order ${clientOrderId} failed: ${err.message}`);
      builder.item(i).events.length = 0;
    }
    return;
  }
  builder.commit(itemIndex, staged);
  const it = builder.item(itemIndex);
  if (refused.length > 0) it.reason = `refused fill(s) past quantity ${order.quantity.toString()} (allowOverfills is false): ${refused.join(", ")}`;
  it.outcome = cached2 === void 0 ? "CREATED" : staged.length > 0 ? "UPDATED" : "MATCHED";
  if (cached2 === void 0) it.createdOrders.push(clientOrderId);
  for (const s of staged) {
    if (s.kind === "applyEvent" && s.event.type === "OrderFilled" && s.event.reconciliation === true) it.inferredFills.push(s.event.tradeId);
  }
}
function fillState(f) {
  return { quantity: f.lastQty.toString(), price: f.lastPx.toString(), commission: f.commission.toString() };
}
function externalInit(r, clientOrderId, strategyId, ctx) {
  return orderInitialized({
    traderId: ctx.traderId,
    strategyId,
    instrumentId: r.instrumentId,
    clientOrderId,
    side: r.side,
    orderType: r.orderType,
    quantity: r.quantity,
    ...r.price !== void 0 ? { price: r.price } : {},
    ...r.triggerPrice !== void 0 ? { triggerPrice: r.triggerPrice } : {},
    timeInForce: r.timeInForce,
    ...r.expireTime !== void 0 ? { expireTime: r.expireTime } : {},
    postOnly: r.postOnly,
    reduceOnly: r.reduceOnly,
    // **choice**: every order found at the venue carries VENUE, claimed or not: the tag says where it came from.
    tags: [TAG_VENUE],
    ...r.contingencyType !== void 0 ? { contingencyType: r.contingencyType } : {},
    ...r.orderListId !== void 0 ? { orderListId: r.orderListId } : {},
    ...r.linkedOrderIds !== void 0 ? { linkedOrderIds: r.linkedOrderIds } : {},
    ...r.parentOrderId !== void 0 ? { parentOrderId: r.parentOrderId } : {},
    venueOrderId: r.venueOrderId,
    accountId: r.accountId,
    tsInit: ctx.nowNs,
    eventId: syntheticId(RECON_EVENT_PREFIX, clientOrderId, 0, "OrderInitialized"),
    reconciliation: true
  });
}
var WORKING_REPORT_STATUSES = /* @__PURE__ */ new Set(["ACCEPTED", "TRIGGERED", "PENDING_UPDATE", "PENDING_CANCEL", "PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED"]);
function decide(order, r, fills, fillItems, staged, refused, env) {
  const { ctx, config, builder } = env;
  const allowOverfills = config.allowOverfills === true;
  const overfills = (qty2) => !allowOverfills && order.filledQty.add(qty2).gt(order.quantity);
  let refusedQty = Quantity.zero(order.filledQty.precision);
  const refuse = (item, tradeId, qty2) => {
    const would = order.filledQty.add(qty2).toString();
    builder.skip(item, OVERFILL_REFUSED, `fill ${tradeId} of ${qty2.toString()} would take filled to ${would} of quantity ${order.quantity.toString()}: refused (allowOverfills is false)`);
    refused.push(tradeId);
    refusedQty = refusedQty.add(qty2);
  };
  const meta = (type) => ({
    eventId: syntheticId(RECON_EVENT_PREFIX, order.clientOrderId, order.eventCount, type),
    tsInit: ctx.nowNs,
    reconciliation: true,
    accountId: r.accountId
  });
  const emit = (event) => {
    order.apply(event, { allowOverfills });
    staged.push({ kind: "applyEvent", event });
  };
  if (r.status === "REJECTED") {
    if (order.status !== "REJECTED") emit(orderRejected(order, r.reason ?? "UNKNOWN", r.tsLast, meta("OrderRejected")));
    return;
  }
  if (!WORKING_REPORT_STATUSES.has(r.status)) {
    throw new OrderFailure(`expected a venue order status, received ${r.status}`);
  }
  if (r.filledQty.lt(order.filledQty)) {
    throw new OrderFailure(`venue filled ${r.filledQty.toString()} is below keel's ${order.filledQty.toString()}: left unchanged`);
  }
  if (order.status === "INITIALIZED" || order.status === "SUBMITTED" || order.localClose !== void 0 && order.status !== r.status) {
    emit(orderAccepted(order, r.venueOrderId, r.tsAccepted, meta("OrderAccepted")));
  }
  if (order.isOpen && termsDiffer(order, r)) {
    emit(
      orderUpdated(
        order,
        { quantity: r.quantity, ...r.price !== void 0 ? { price: r.price } : {}, ...r.triggerPrice !== void 0 ? { triggerPrice: r.triggerPrice } : {} },
        r.tsLast,
        meta("OrderUpdated")
      )
    );
  }
  const instrument = ctx.instruments.find(r.instrumentId);
  const currency = instrument?.quoteCurrency ?? fills[0]?.commission.currency ?? "USD";
  const sorted = fills.map((f, i) => ({ f, item: fillItems[i] })).sort((a, b) => cmpFill(a.f, b.f));
  for (const { f, item } of sorted) {
    const had = order.fill(f.tradeId);
    if (had !== void 0) {
      if (!had.lastQty.eq(f.lastQty) || !had.lastPx.eq(f.lastPx)) {
        builder.item(item).reason = `trade id ${f.tradeId} already applied with other data: keel's fill kept`;
      }
      continue;
    }
    if (order.fills.some((x) => x.reconciliation === true && x.tsEvent >= f.tsEvent)) {
      builder.skip(item, "INCLUDED_IN_INFERRED_FILL", "older than an inferred fill already applied, which includes it");
      continue;
    }
    if (overfills(f.lastQty)) {
      refuse(item, f.tradeId, f.lastQty);
      continue;
    }
    const fill = orderFilled(
      order,
      {
        tradeId: f.tradeId,
        lastQty: f.lastQty,
        lastPx: f.lastPx,
        commission: f.commission,
        currency,
        liquiditySide: f.liquiditySide,
        venueOrderId: r.venueOrderId,
        ...f.venuePositionId !== void 0 ? { positionId: f.venuePositionId } : {}
      },
      f.tsEvent,
      // A venue fill is a fact, not an invention: unflagged, so only inferred fills carry `reconciliation`.
      { ...meta("OrderFilled"), reconciliation: false }
    );
    emit(fill);
    builder.item(item).outcome = "UPDATED";
    builder.item(item).events.push({ type: "OrderFilled", eventId: fill.eventId, clientOrderId: fill.clientOrderId, tradeId: fill.tradeId });
  }
  const venueFilled = r.filledQty.sub(refusedQty);
  if (venueFilled.gt(order.filledQty)) {
    const diff = venueFilled.sub(order.filledQty);
    const tradeId = syntheticId(INFERRED_TRADE_PREFIX, order.clientOrderId, r.venueOrderId, order.filledQty.toString(), r.filledQty.toString());
    if (overfills(diff)) {
      const item = builder.addItem({
        kind: "fill",
        key: tradeId,
        instrumentId: r.instrumentId,
        venueOrderId: r.venueOrderId,
        clientOrderId: order.clientOrderId,
        had: null,
        venue: { quantity: diff.toString(), inferred: "true" }
      });
      refuse(item, tradeId, diff);
    } else {
      const px2 = inferredFillPrice({
        ourFilled: order.filledQty,
        ourAvg: order.avgPx,
        venueFilled,
        venueAvg: r.avgPx,
        orderPrice: r.price ?? order.price,
        pricePrecision: instrument?.pricePrecision ?? r.avgPx?.precision ?? r.price?.precision ?? 0
      });
      if (px2 === void 0) throw new OrderFailure(`no price for an inferred fill of ${diff.toString()}: the venue gave no average price and the order has none`);
      emit(
        orderFilled(
          order,
          {
            tradeId,
            lastQty: diff,
            lastPx: px2,
            currency,
            liquiditySide: inferredLiquidity(order.type, order.postOnly),
            venueOrderId: r.venueOrderId,
            ...r.venuePositionId !== void 0 ? { positionId: r.venuePositionId } : {}
          },
          r.tsLast,
          meta("OrderFilled")
        )
      );
    }
  }
  switch (r.status) {
    case "CANCELED":
      if (order.status !== "CANCELED") emit(orderCanceled(order, r.tsLast, meta("OrderCanceled")));
      return;
    case "EXPIRED":
      if (order.status !== "EXPIRED") emit(orderExpired(order, r.tsLast, meta("OrderExpired")));
      return;
    case "TRIGGERED":
      if (ORDER_TRAITS[order.type].restsAsLimitAfterTrigger && order.status === "ACCEPTED") {
        emit(orderTriggered(order, r.tsLast, meta("OrderTriggered")));
      }
      break;
    default:
      break;
  }
  const conflict = disagreement(order, r);
  if (conflict !== void 0) throw new OrderFailure(conflict);
}
var WORKING_AT_VENUE2 = /* @__PURE__ */ new Set(["ACCEPTED", "TRIGGERED", "PENDING_UPDATE", "PENDING_CANCEL", "PARTIALLY_FILLED"]);
function disagreement(order, r) {
  if (!WORKING_AT_VENUE2.has(r.status) || !order.isClosed) return void 0;
  const how = order.localClose !== void 0 ? "by a local resolution" : "by the venue's own event";
  return `keel holds ${order.status} (closed ${how}), the venue reports ${r.status}: the two disagree and no event can move the order; left unchanged`;
}
function termsDiffer(o, r) {
  if (!o.quantity.eq(r.quantity)) return true;
  if (r.price !== void 0 && (o.price === void 0 || !o.price.eq(r.price))) return true;
  if (r.triggerPrice !== void 0 && (o.triggerPrice === void 0 || !o.triggerPrice.eq(r.triggerPrice))) return true;
  return false;
}
function cmpFill(a, b) {
  if (a.tsEvent !== b.tsEvent) return a.tsEvent < b.tsEvent ? -1 : 1;
  return a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0;
}

// ../../work/keel-E/src/engine/execution/reconciliation/plan-builder.ts
var PlanBuilder = class {
  items = [];
  steps = [];
  /** Fills the plan will apply, for the position comparison that follows the orders. */
  plannedFills = [];
  /** The same fills by instrument: each position report looks at its instrument's only (not all fills). */
  plannedByInstrument = /* @__PURE__ */ new Map();
  /** The same fills by instrument and position id: a HEDGING position report looks at its position's only. */
  plannedByPosition = /* @__PURE__ */ new Map();
  unknownOrderFills = /* @__PURE__ */ new Set();
  addItem(item) {
    this.items.push({ outcome: "MATCHED", events: [], createdOrders: [], inferredFills: [], ...item });
    return this.items.length - 1;
  }
  item(index) {
    return this.items[index];
  }
  skip(index, rule, reason) {
    const it = this.item(index);
    it.outcome = "SKIPPED";
    it.rule = rule;
    if (reason !== void 0) it.reason = reason;
  }
  fail(index, reason) {
    const it = this.item(index);
    it.outcome = "FAILED";
    it.reason = reason;
  }
  /** Append staged steps under `itemIndex`, recording their events on that item. */
  commit(itemIndex, staged) {
    const it = this.item(itemIndex);
    for (const s of staged) {
      if (s.kind === "createOrder") {
        this.steps.push({ kind: "createOrder", item: itemIndex, clientOrderId: s.init.clientOrderId, init: s.init });
        it.events.push(ref(s.init));
      } else {
        this.steps.push({ kind: "applyEvent", item: itemIndex, clientOrderId: s.event.clientOrderId, event: s.event });
        it.events.push(ref(s.event));
        if (s.event.type === "OrderFilled") this.addPlannedFill(s.event);
      }
    }
  }
  /** Planned fills of one instrument, in plan order. */
  plannedFillsOf(instrumentId) {
    return this.plannedByInstrument.get(instrumentId) ?? [];
  }
  /**
   * Planned fills of one position (instrument and position id), in plan order. Indexed, not filtered from
   * the instrument's: a filter per position report made the HEDGING comparison positions × fills.
   */
  plannedFillsOfPosition(instrumentId, positionId) {
    return this.plannedByPosition.get(positionKey(instrumentId, positionId)) ?? [];
  }
  addPlannedFill(fill) {
    this.plannedFills.push(fill);
    append(this.plannedByInstrument, fill.instrumentId, fill);
    if (fill.positionId !== void 0) append(this.plannedByPosition, positionKey(fill.instrumentId, fill.positionId), fill);
  }
  build(ctx, venues, allowOverfills) {
    const items = this.items.map(freezeItem);
    const counts = countItems(items, this.steps.length);
    return {
      kind: "ReconciliationPlan",
      trigger: ctx.trigger,
      venues: [...venues],
      tsStarted: ctx.nowNs,
      steps: [...this.steps],
      items,
      counts,
      success: counts.failed === 0,
      unknownOrderFills: [...this.unknownOrderFills],
      allowOverfills
    };
  }
};
function positionKey(instrumentId, positionId) {
  return `${instrumentId}${positionId}`;
}
function append(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
function ref(event) {
  return {
    type: event.type,
    eventId: event.eventId,
    clientOrderId: event.clientOrderId,
    ...event.type === "OrderFilled" ? { tradeId: event.tradeId } : {}
  };
}
function freezeItem(d) {
  return {
    kind: d.kind,
    key: d.key,
    instrumentId: d.instrumentId,
    ...d.venueOrderId !== void 0 ? { venueOrderId: d.venueOrderId } : {},
    ...d.clientOrderId !== void 0 ? { clientOrderId: d.clientOrderId } : {},
    ...d.venuePositionId !== void 0 ? { venuePositionId: d.venuePositionId } : {},
    had: d.had,
    venue: d.venue,
    outcome: d.outcome,
    events: [...d.events],
    createdOrders: [...d.createdOrders],
    inferredFills: [...d.inferredFills],
    ...d.rule !== void 0 ? { rule: d.rule } : {},
    ...d.reason !== void 0 ? { reason: d.reason } : {}
  };
}
function countItems(items, eventsApplied) {
  const by = (o) => items.filter((i) => i.outcome === o).length;
  return {
    orders: items.filter((i) => i.kind === "order").length,
    fills: items.filter((i) => i.kind === "fill").length,
    positions: items.filter((i) => i.kind === "position").length,
    matched: by("MATCHED"),
    updated: by("UPDATED"),
    created: by("CREATED"),
    skipped: by("SKIPPED"),
    failed: by("FAILED"),
    eventsApplied,
    inferredFills: items.reduce((n, i) => n + i.inferredFills.length, 0),
    syntheticOrders: items.filter((i) => i.kind === "position").reduce((n, i) => n + i.createdOrders.length, 0),
    externalDropped: items.filter((i) => i.rule === "UNCLAIMED_EXTERNAL").length
  };
}

// ../../work/keel-E/src/engine/execution/reconciliation/exposure.ts
var EXTRA_DIGITS = 4;
function exposureOf(positions, fills, sizePrecision, pricePrecision) {
  const p = pricePrecision + EXTRA_DIGITS;
  let signed = Decimal.zero(sizePrecision);
  let notional = Decimal.zero(p);
  const longs = positions.some((x) => x.signedQty.isPositive());
  const shorts = positions.some((x) => x.signedQty.isNegative());
  for (const x of positions) {
    signed = signed.add(x.signedQty);
    notional = notional.add(x.avgPxOpen.mul(x.signedQty.abs()));
  }
  let avg = signed.isZero() || longs && shorts ? void 0 : asPrice(notional.div(signed.abs(), p));
  for (const f of fills) {
    const q = f.side === "BUY" ? Decimal.from(f.lastQty) : Decimal.from(f.lastQty).neg();
    const next = signed.add(q);
    if (signed.isZero()) {
      avg = f.lastPx;
    } else if (signed.isPositive() === q.isPositive()) {
      avg = avg === void 0 ? void 0 : asPrice(avg.mul(signed.abs()).add(f.lastPx.mul(q.abs())).div(next.abs(), p));
    } else if (next.isZero()) {
      avg = void 0;
    } else if (next.isPositive() !== signed.isPositive()) {
      avg = f.lastPx;
    }
    signed = next;
  }
  return { signed, avg: signed.isZero() ? void 0 : avg };
}
function asPrice(d) {
  return Price.fromRaw(d.raw, d.precision);
}

// ../../work/keel-E/src/engine/execution/reconciliation/position-deferral.ts
var POSITION_DEFERRED = "POSITION_DEFERRED";
function indexSnapshot(ms2, resolved = []) {
  const tradeIds = /* @__PURE__ */ new Set();
  const orderIds = new Set(resolved);
  for (const r of ms2.orderReports) {
    orderIds.add(r.venueOrderId);
    if (r.clientOrderId !== void 0) orderIds.add(r.clientOrderId);
  }
  for (const f of ms2.fillReports) {
    tradeIds.add(f.tradeId);
    orderIds.add(f.venueOrderId);
    if (f.clientOrderId !== void 0) orderIds.add(f.clientOrderId);
  }
  return { tradeIds, orderIds };
}
function positionDeferral(report, snapshot, view, ctx, plannedFills = []) {
  if (ctx.pendingInstruments?.has(report.instrumentId) === true) {
    return `venue events for ${report.instrumentId} are still queued in keel: the difference may be theirs`;
  }
  const orders = view.orders?.({ instrumentId: report.instrumentId }) ?? [];
  for (const o of orders) {
    if (!sameAccount(o, report)) continue;
    if (o.isInflight && !reported(o, snapshot)) {
      return `order ${o.clientOrderId} is in flight (${o.status}) and not in the venue's snapshot`;
    }
  }
  for (const f of plannedFills) {
    if (f.tsEvent > report.tsLast && f.reconciliation !== true) return outOfStep(f.tradeId, f.clientOrderId, report);
  }
  const asked = ctx.snapshotAskedNs;
  for (const o of orders) {
    if (!sameAccount(o, report)) continue;
    for (const f of o.fills) {
      if (asked !== void 0 && f.tsInit >= asked && !snapshot.tradeIds.has(f.tradeId)) {
        return `fill ${f.tradeId} of ${o.clientOrderId} was applied after the venue's snapshot was asked for and is not in it`;
      }
      if (f.tsEvent > report.tsLast && f.reconciliation !== true) return outOfStep(f.tradeId, o.clientOrderId, report);
    }
  }
  return void 0;
}
function outOfStep(tradeId, clientOrderId, report) {
  return `fill ${tradeId} of ${clientOrderId} happened after the venue's position report was last changed (${report.tsLast}): its order and position reports are out of step`;
}
function sameAccount(o, report) {
  return o.accountId === void 0 || o.accountId === report.accountId;
}
function reported(o, snapshot) {
  return snapshot.orderIds.has(o.clientOrderId) || o.venueOrderId !== void 0 && snapshot.orderIds.has(o.venueOrderId);
}

// ../../work/keel-E/src/engine/execution/reconciliation/position-planner.ts
var SYNTHETIC_ORDER_PREFIX = "O-RECON";
var SYNTHETIC_VENUE_ORDER_PREFIX = "V-RECON";
var SYNTHETIC_TRADE_PREFIX = "T-RECON";
function planPosition(report, massFills, env, snapshot) {
  const { builder, view, ctx, config } = env;
  const hedging = report.venuePositionId !== void 0;
  const instrument = ctx.instruments.find(report.instrumentId);
  const sizePrecision = instrument?.sizePrecision ?? report.quantity.precision;
  const pricePrecision = instrument?.pricePrecision ?? report.avgPxOpen?.precision ?? 0;
  const positions = view.positions({ instrumentId: report.instrumentId }).filter((p) => p.instrumentId === report.instrumentId && p.isOpen).filter((p) => hedging ? p.id === report.venuePositionId : p.accountId === void 0 || p.accountId === report.accountId);
  const fills = hedging ? builder.plannedFillsOfPosition(report.instrumentId, report.venuePositionId) : builder.plannedFillsOf(report.instrumentId).filter((f) => f.accountId === void 0 || f.accountId === report.accountId);
  const ours = exposureOf(positions, fills, sizePrecision, pricePrecision);
  const venueSigned = Decimal.from(report.signedQty);
  const itemIndex = builder.addItem({
    kind: "position",
    key: hedging ? `${report.instrumentId} ${report.venuePositionId}` : report.instrumentId,
    instrumentId: report.instrumentId,
    ...hedging ? { venuePositionId: report.venuePositionId } : {},
    had: positions.length === 0 && fills.length === 0 ? null : exposureState(ours),
    venue: {
      side: report.side,
      quantity: report.quantity.toString(),
      ...report.avgPxOpen !== void 0 ? { avgPx: report.avgPxOpen.toString() } : {}
    }
  });
  if (ours.signed.eq(venueSigned)) return;
  const deferral = positionDeferral(report, snapshot ?? { tradeIds: new Set(massFills.map((f) => f.tradeId)), orderIds: /* @__PURE__ */ new Set() }, view, ctx, fills);
  if (deferral !== void 0) {
    builder.skip(itemIndex, POSITION_DEFERRED, `keel holds ${ours.signed.toString()} and the venue ${venueSigned.toString()}, deferred: ${deferral}`);
    return;
  }
  if (config.generateMissingOrders === false) {
    builder.fail(
      itemIndex,
      `keel holds ${ours.signed.toString()} and the venue ${venueSigned.toString()}; generateMissingOrders is false, so nothing was created`
    );
    return;
  }
  const legs = [];
  const flips = !ours.signed.isZero() && !venueSigned.isZero() && ours.signed.isPositive() !== venueSigned.isPositive();
  if (flips && !hedging) {
    legs.push(leg(ours.signed.neg()), leg(venueSigned));
  } else {
    legs.push(leg(venueSigned.sub(ours.signed)));
  }
  const reconPx = reconciliationPrice(ours.signed, ours.avg, venueSigned, report.avgPxOpen, pricePrecision);
  const quote = view.quote(report.instrumentId);
  const claimed = claimOf(ctx.claims, report.instrumentId);
  const staged = [];
  const created = [];
  try {
    legs.forEach((l, i) => {
      const quotePx = l.side === "BUY" ? quote?.ask : quote?.bid;
      const price = reconPx ?? quotePx ?? ours.avg?.withPrecision(pricePrecision);
      const clientOrderId = syntheticId(
        SYNTHETIC_ORDER_PREFIX,
        env.venue,
        report.accountId,
        report.instrumentId,
        report.venuePositionId,
        venueSigned.toString(),
        report.avgPxOpen?.toString(),
        ours.signed.toString(),
        report.tsLast,
        i
      );
      if (view.order(clientOrderId) !== void 0) {
        throw new Error(`synthetic order ${clientOrderId} for this venue state already exists, yet the positions still differ`);
      }
      const venueOrderId = syntheticId(SYNTHETIC_VENUE_ORDER_PREFIX, clientOrderId);
      const init = orderInitialized({
        traderId: ctx.traderId,
        strategyId: claimed ?? EXTERNAL_STRATEGY_ID,
        instrumentId: report.instrumentId,
        clientOrderId,
        side: l.side,
        orderType: price !== void 0 ? "LIMIT" : "MARKET",
        quantity: l.quantity,
        ...price !== void 0 ? { price } : {},
        timeInForce: "GTC",
        tags: claimed !== void 0 ? [] : [TAG_RECONCILIATION],
        venueOrderId,
        accountId: report.accountId,
        tsInit: ctx.nowNs,
        eventId: syntheticId(RECON_EVENT_PREFIX, clientOrderId, 0, "OrderInitialized"),
        reconciliation: true
      });
      const order = Order.create(init);
      const meta = (type) => ({
        eventId: syntheticId(RECON_EVENT_PREFIX, clientOrderId, order.eventCount, type),
        tsInit: ctx.nowNs,
        reconciliation: true,
        accountId: report.accountId
      });
      const accepted = orderAccepted(order, venueOrderId, report.tsLast, meta("OrderAccepted"));
      order.apply(accepted);
      const filled = orderFilled(
        order,
        {
          tradeId: syntheticId(SYNTHETIC_TRADE_PREFIX, clientOrderId),
          lastQty: l.quantity,
          lastPx: price ?? marketFillPrice(report.instrumentId, massFills, pricePrecision),
          currency: instrument?.quoteCurrency ?? "USD",
          liquiditySide: price !== void 0 ? "NO_LIQUIDITY_SIDE" : "TAKER",
          ...hedging ? { positionId: report.venuePositionId } : {}
        },
        report.tsLast,
        meta("OrderFilled")
      );
      order.apply(filled);
      staged.push({ kind: "createOrder", init }, { kind: "applyEvent", event: accepted }, { kind: "applyEvent", event: filled });
      created.push(clientOrderId);
    });
  } catch (err) {
    if (!(err instanceof Error) && !isEngineError(err)) throw err;
    builder.fail(itemIndex, err.message);
    return;
  }
  builder.commit(itemIndex, staged);
  const it = builder.item(itemIndex);
  it.outcome = "CREATED";
  it.createdOrders.push(...created);
  it.reason = `keel held ${ours.signed.toString()}, the venue ${venueSigned.toString()}`;
  function leg(signedDiff) {
    const abs = signedDiff.abs();
    return { side: signedDiff.isPositive() ? "BUY" : "SELL", quantity: Quantity.fromRaw(abs.raw, abs.precision) };
  }
}
var latestFills = /* @__PURE__ */ new WeakMap();
function marketFillPrice(instrumentId, fills, pricePrecision) {
  let latest = latestFills.get(fills);
  if (latest === void 0) {
    latest = /* @__PURE__ */ new Map();
    for (const f of fills) {
      const seen = latest.get(f.instrumentId);
      if (seen === void 0 || f.tsEvent >= seen.tsEvent) latest.set(f.instrumentId, f);
    }
    latestFills.set(fills, latest);
  }
  return latest.get(instrumentId)?.lastPx ?? Price.zero(pricePrecision);
}
function exposureState(e) {
  return {
    side: e.signed.isZero() ? "FLAT" : e.signed.isPositive() ? "LONG" : "SHORT",
    quantity: e.signed.abs().toString(),
    ...e.avg !== void 0 ? { avgPx: e.avg.toString() } : {}
  };
}

// ../../work/keel-E/src/engine/execution/reconciliation/plan.ts
function planReconciliation(input) {
  const { massStatus: ms2, config } = input;
  const builder = new PlanBuilder();
  const env = { ctx: input, view: input.view, config, venue: ms2.venue, builder };
  const included = instrumentFilter(config);
  const orderReports = dedupeOrderReports(ms2.orderReports, builder);
  const fillReports = dedupeFillReports(ms2.fillReports, builder);
  const positionReports = dedupePositionReports(ms2.positionReports, builder);
  const fillsByVenueOrder = /* @__PURE__ */ new Map();
  for (const f of fillReports) {
    const list = fillsByVenueOrder.get(f.venueOrderId) ?? [];
    list.push(f);
    fillsByVenueOrder.set(f.venueOrderId, list);
  }
  for (const r of orderReports) {
    const fills = fillsByVenueOrder.get(r.venueOrderId) ?? [];
    fillsByVenueOrder.delete(r.venueOrderId);
    if (!included(r.instrumentId)) {
      skipNotIncluded(builder, "order", r.clientOrderId ?? r.venueOrderId, r);
      for (const f of fills) skipNotIncluded(builder, "fill", f.tradeId, f);
      continue;
    }
    planOrder(r, fills, env);
  }
  for (const [venueOrderId, fills] of fillsByVenueOrder) {
    const first = fills[0];
    if (!included(first.instrumentId)) {
      for (const f of fills) skipNotIncluded(builder, "fill", f.tradeId, f);
      continue;
    }
    const order = findOrder(input.view, first);
    if (order === void 0) {
      builder.unknownOrderFills.add(venueOrderId);
      for (const f of fills) {
        const i = builder.addItem({ kind: "fill", key: f.tradeId, instrumentId: f.instrumentId, venueOrderId, had: null, venue: fillVenue(f) });
        builder.skip(i, "ORDER_UNKNOWN", `no order report and no cached order for venue order ${venueOrderId}: query the venue for it`);
      }
      continue;
    }
    planOrder(reportFromOrder(order, venueOrderId, fills, ms2.accountId), fills, env);
  }
  const snapshot = indexSnapshot(ms2, builder.steps.map((st) => st.clientOrderId));
  for (const p of positionReports) {
    if (!included(p.instrumentId)) {
      skipNotIncluded(builder, "position", p.venuePositionId ?? p.instrumentId, p);
      continue;
    }
    if (config.filterPositionReports === true) {
      const i = builder.addItem({ kind: "position", key: p.instrumentId, instrumentId: p.instrumentId, had: null, venue: positionVenue(p) });
      builder.skip(i, "POSITION_REPORTS_FILTERED", "filterPositionReports is true");
      continue;
    }
    planPosition(p, fillReports, env, snapshot);
  }
  return builder.build(input, [ms2.venue], config.allowOverfills === true);
}
function planOrderReport(report, fills, view, config, ctx) {
  const builder = new PlanBuilder();
  const mine = fills.filter((f) => f.venueOrderId === report.venueOrderId);
  planOrder(report, dedupeFillReports(mine, builder), { ctx, view, config, venue: ctx.venue, builder });
  return builder.build(ctx, [ctx.venue], config.allowOverfills === true);
}
function instrumentFilter(config) {
  const ids = config.reconciliationInstrumentIds;
  if (ids === void 0 || ids === null || ids.length === 0) return () => true;
  const set = new Set(ids);
  return (id) => set.has(id);
}
function skipNotIncluded(builder, kind, key, r) {
  const i = builder.addItem({
    kind,
    key,
    instrumentId: r.instrumentId,
    ...r.venueOrderId !== void 0 ? { venueOrderId: r.venueOrderId } : {},
    ...r.venuePositionId !== void 0 ? { venuePositionId: r.venuePositionId } : {},
    had: null,
    venue: {}
  });
  builder.skip(i, "INSTRUMENT_NOT_INCLUDED", "not in reconciliationInstrumentIds");
}
function dedupeOrderReports(reports, builder) {
  const kept = /* @__PURE__ */ new Map();
  const dropped = [];
  for (const r of reports) {
    const prev = kept.get(r.venueOrderId);
    if (prev === void 0) {
      kept.set(r.venueOrderId, r);
    } else if (r.tsLast > prev.tsLast || r.tsLast === prev.tsLast && r.filledQty.gt(prev.filledQty)) {
      kept.set(r.venueOrderId, r);
      dropped.push(prev);
    } else {
      dropped.push(r);
    }
  }
  for (const r of dropped) {
    const i = builder.addItem({
      kind: "order",
      key: r.clientOrderId ?? r.venueOrderId,
      instrumentId: r.instrumentId,
      venueOrderId: r.venueOrderId,
      had: null,
      venue: { status: r.status, filled: r.filledQty.toString(), reportId: r.reportId }
    });
    builder.skip(i, "DUPLICATE_REPORT", `another report for venue order ${r.venueOrderId} is more recent`);
  }
  return [...kept.values()];
}
function dedupeFillReports(reports, builder) {
  const seen = /* @__PURE__ */ new Set();
  const kept = [];
  for (const f of reports) {
    const key = `${f.venueOrderId}${f.tradeId}`;
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(f);
      continue;
    }
    const i = builder.addItem({ kind: "fill", key: f.tradeId, instrumentId: f.instrumentId, venueOrderId: f.venueOrderId, had: null, venue: fillVenue(f) });
    builder.skip(i, "DUPLICATE_REPORT", `trade ${f.tradeId} reported more than once`);
  }
  return kept;
}
function dedupePositionReports(reports, builder) {
  const kept = /* @__PURE__ */ new Map();
  const dropped = [];
  for (const p of reports) {
    const key = `${p.accountId}${p.instrumentId}${p.venuePositionId ?? ""}`;
    const prev = kept.get(key);
    if (prev === void 0) kept.set(key, p);
    else if (p.tsLast > prev.tsLast) {
      kept.set(key, p);
      dropped.push(prev);
    } else dropped.push(p);
  }
  for (const p of dropped) {
    const i = builder.addItem({ kind: "position", key: p.instrumentId, instrumentId: p.instrumentId, had: null, venue: positionVenue(p) });
    builder.skip(i, "DUPLICATE_REPORT", "a more recent report for this position exists");
  }
  return [...kept.values()];
}
function fillVenue(f) {
  return { quantity: f.lastQty.toString(), price: f.lastPx.toString() };
}
function positionVenue(p) {
  return { side: p.side, quantity: p.quantity.toString(), ...p.avgPxOpen !== void 0 ? { avgPx: p.avgPxOpen.toString() } : {} };
}
function reportFromOrder(order, venueOrderId, fills, accountId) {
  let filled = order.filledQty;
  for (const f of fills) if (!order.hasTradeId(f.tradeId)) filled = filled.add(f.lastQty);
  const status = filled.gte(order.quantity) ? "FILLED" : filled.isPositive() ? "PARTIALLY_FILLED" : order.status;
  return {
    reportId: `fills:${venueOrderId}`,
    accountId: order.accountId ?? accountId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    venueOrderId,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    // A closed order keeps its status unless keel closed it by inference: then the venue's fills say it works.
    status: order.isClosed && status !== "FILLED" && order.localClose === void 0 ? order.status : status,
    quantity: order.quantity,
    filledQty: filled,
    ...order.price !== void 0 ? { price: order.price } : {},
    ...order.triggerPrice !== void 0 ? { triggerPrice: order.triggerPrice } : {},
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
    tsAccepted: order.tsLast,
    tsLast: order.tsLast,
    tsInit: order.tsInit
  };
}

// ../../work/keel-E/src/engine/execution/reconciliation/apply.ts
function applyPlan(plan, target, options = {}) {
  const failures = /* @__PURE__ */ new Map();
  const brokenOrders = /* @__PURE__ */ new Set();
  let applied = 0;
  for (const step of plan.steps) {
    if (failures.has(step.item) || brokenOrders.has(step.clientOrderId)) continue;
    try {
      if (step.kind === "createOrder") target.addOrder(Order.create(step.init));
      else target.applyEvent(step.event);
      applied += 1;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.set(step.item, `applying ${step.kind === "createOrder" ? "OrderInitialized" : step.event.type} failed: ${message}`);
      brokenOrders.add(step.clientOrderId);
    }
  }
  const items = plan.items.map((item, i) => {
    const reason = failures.get(i);
    return reason === void 0 ? item : { ...item, outcome: "FAILED", reason };
  });
  const counts = countItems(items, applied);
  const durationMs = options.clock === void 0 ? 0 : Number((options.clock.timestampNs() - plan.tsStarted) / 1000000n);
  return {
    kind: "ReconciliationResult",
    trigger: plan.trigger,
    venues: plan.venues,
    success: counts.failed === 0,
    tsStarted: plan.tsStarted,
    durationMs: Math.max(0, durationMs),
    counts,
    items
  };
}

// ../../work/keel-E/src/engine/execution/reconciliation/inflight-planner.ts
var ORDER_NOT_FOUND_AT_VENUE2 = "ORDER_NOT_FOUND_AT_VENUE";
var NOT_RECEIVED_BY_VENUE = "NOT_RECEIVED_BY_VENUE";
var WORKING = /* @__PURE__ */ new Set(["ACCEPTED", "TRIGGERED", "PARTIALLY_FILLED"]);
function planInflightResolution(orders, answers, ctx) {
  const builder = new PlanBuilder();
  for (const order of orders) {
    const answer = answers.get(order.clientOrderId);
    if (answer === void 0 || !order.isInflight) continue;
    if (ctx.checkOwnsUnresolved === true && answer.kind !== "report") continue;
    const meta = (type) => ({
      eventId: syntheticId(RECON_EVENT_PREFIX, order.clientOrderId, order.eventCount, type),
      tsInit: ctx.nowNs,
      reconciliation: true
    });
    const venueState = answer.kind === "report" ? { status: answer.report.status, filled: answer.report.filledQty.toString() } : { status: answer.kind === "unknown" ? "UNKNOWN" : "NO_ANSWER" };
    const addItem = () => builder.addItem({
      kind: "order",
      key: order.clientOrderId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      ...order.venueOrderId !== void 0 ? { venueOrderId: order.venueOrderId } : {},
      had: { status: order.status, quantity: order.quantity.toString(), filled: order.filledQty.toString() },
      venue: venueState
    });
    const update = (event, reason) => {
      const i = addItem();
      const staged = [{ kind: "applyEvent", event }];
      builder.commit(i, staged);
      builder.item(i).outcome = "UPDATED";
      builder.item(i).reason = reason;
    };
    switch (answer.kind) {
      case "no-answer":
        builder.fail(addItem(), `restored ${order.status}; the venue did not answer the status query (${answer.error}): left in flight`);
        break;
      case "unknown": {
        const submitted = order.status === "SUBMITTED";
        const close = submitted ? orderRejected(order, ORDER_NOT_FOUND_AT_VENUE2, ctx.nowNs, meta("OrderRejected")) : orderCanceled(order, ctx.nowNs, meta("OrderCanceled"));
        update(
          { ...close, local: "VENUE_UNKNOWN_ORDER" },
          `restored ${order.status}, ${LOCAL_RESOLUTION_TEXT.VENUE_UNKNOWN_ORDER} (never sent before the restart?): resolved locally as ${submitted ? `REJECTED ${ORDER_NOT_FOUND_AT_VENUE2}` : "CANCELED"}`
        );
        break;
      }
      case "report": {
        if (!WORKING.has(answer.report.status)) break;
        const reason = `${NOT_RECEIVED_BY_VENUE}: journaled before the restart, the venue still works the order (${answer.report.status})`;
        if (order.status === "PENDING_CANCEL") update(orderCancelRejected(order, reason, ctx.nowNs, meta("OrderCancelRejected")), reason);
        else if (order.status === "PENDING_UPDATE") update(orderModifyRejected(order, reason, ctx.nowNs, meta("OrderModifyRejected")), reason);
        break;
      }
    }
  }
  return builder.build(ctx, [ctx.venue], false);
}

// ../../work/keel-E/src/engine/execution/live/local-close.ts
function localCloseEvent(order, kind, reason, basis, tsNs, meta = {}) {
  const event = kind === "REJECT" ? orderRejected(order, reason, tsNs, meta) : orderCanceled(order, tsNs, meta);
  return { ...event, local: basis };
}
function warnResolvedLocally(logger, order, kind, reason, basis) {
  const what = kind === "REJECT" ? `REJECTED ${reason}` : "CANCELED";
  logger.warn(`order ${order.clientOrderId} resolved locally as ${what}: ${LOCAL_RESOLUTION_TEXT[basis]}; a later venue report for it will restore it`, {
    clientOrderId: order.clientOrderId,
    resolution: what,
    basis,
    basisText: LOCAL_RESOLUTION_TEXT[basis]
  });
}

// ../../work/keel-E/src/engine/execution/live/startup-inflight.ts
async function resolveInflightAtStartup(deps, client, ms2, trigger) {
  const venue = client.venue;
  const inflight = deps.inflightOrders(venue);
  if (inflight.length === 0) return [];
  const results = [];
  const answers = /* @__PURE__ */ new Map();
  const byClientId = /* @__PURE__ */ new Map();
  const byVenueId = /* @__PURE__ */ new Map();
  for (const r of ms2.orderReports) {
    if (r.clientOrderId !== void 0) byClientId.set(r.clientOrderId, r);
    byVenueId.set(r.venueOrderId, r);
  }
  for (const order of inflight) {
    const known = byClientId.get(order.clientOrderId) ?? (order.venueOrderId !== void 0 ? byVenueId.get(order.venueOrderId) : void 0);
    if (known !== void 0) {
      answers.set(order.clientOrderId, { kind: "report", report: known });
      continue;
    }
    try {
      const report = await client.generateOrderStatusReport({
        instrumentId: order.instrumentId,
        clientOrderId: order.clientOrderId,
        ...order.venueOrderId !== void 0 ? { venueOrderId: order.venueOrderId } : {}
      });
      if (report === null) {
        answers.set(order.clientOrderId, { kind: "unknown" });
        continue;
      }
      const fills = report.filledQty.gt(order.filledQty) ? await client.generateFillReports({ venueOrderId: report.venueOrderId }) : [];
      results.push(deps.applyReport(venue, report, fills, trigger));
      answers.set(order.clientOrderId, { kind: "report", report });
    } catch (error) {
      answers.set(order.clientOrderId, { kind: "no-answer", error: error instanceof Error ? error.message : String(error) });
    }
  }
  const plan = planInflightResolution(inflight, answers, { venue, nowNs: deps.clock.timestampNs(), trigger, checkOwnsUnresolved: deps.inflightCheckOn() });
  const result = applyPlan(plan, deps.target, { clock: deps.clock });
  for (const step of plan.steps) {
    if (step.kind !== "applyEvent") continue;
    const e = step.event;
    if ((e.type === "OrderRejected" || e.type === "OrderCanceled") && e.local !== void 0) {
      warnResolvedLocally(deps.logger, e, e.type === "OrderRejected" ? "REJECT" : "CANCEL", e.type === "OrderRejected" ? e.reason : "", e.local);
    } else if (e.type === "OrderCancelRejected" || e.type === "OrderModifyRejected") {
      deps.logger.warn(`order ${e.clientOrderId}: the ${e.type === "OrderCancelRejected" ? "cancel" : "modify"} journaled before the restart never reached the venue; the order is working`, {
        clientOrderId: e.clientOrderId,
        reason: e.reason
      });
    }
  }
  for (const i of result.items) {
    if (i.outcome === "FAILED") deps.logger.error("start-up reconciliation: an in-flight order could not be resolved", { clientOrderId: i.clientOrderId, reason: i.reason });
  }
  results.push(result);
  return results;
}

// ../../work/keel-E/src/engine/execution/live/reconciler.ts
var Reconciler = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  /** Reconcile every client; a failed venue query fails the run (result.success false, result.error set). */
  async run(clients, trigger) {
    const started = this.deps.clock.timestampNs();
    const results = [];
    for (const client of clients) {
      let ms2;
      const askedNs = this.deps.clock.timestampNs();
      try {
        ms2 = await client.generateMassStatus(this.deps.config().reconciliationLookbackMins ?? null);
        await this.deps.beforePlan?.(ms2);
      } catch (error) {
        const e = isEngineError(error) ? error : new EngineError("VENUE_QUERY_FAILED", String(error));
        this.deps.logger.error("reconciliation: venue mass status failed", { venue: client.venue, code: e.code, error: e.message });
        results.push(failedResult(trigger, [client.venue], started, this.elapsedMs(started), e.code, `${client.venue}: ${e.message}`));
        continue;
      }
      results.push(await this.reconcileMassStatus(client, ms2, trigger, askedNs));
      const accountRows = ms2.account !== void 0 ? this.deps.reconcileAccount?.(ms2, trigger) : void 0;
      if (accountRows !== void 0 && accountRows.length > 0) results.push(accountResult(trigger, client.venue, started, accountRows));
      if (trigger === "STARTUP") results.push(...await this.resolveInflight(client, ms2, trigger));
    }
    const merged = mergeResults(trigger, clients.map((c) => c.venue), started, results);
    return { ...merged, durationMs: this.elapsedMs(started) };
  }
  /** Plan and apply one venue's mass status (also the benchmark's entry point). */
  async reconcileMassStatus(client, ms2, trigger, askedNs) {
    const { deps } = this;
    const pending = deps.pendingInstruments?.();
    const plan = planReconciliation({
      traderId: deps.traderId,
      instruments: deps.instruments,
      claims: deps.claims(),
      nowNs: deps.clock.timestampNs(),
      trigger,
      massStatus: ms2,
      view: deps.view,
      config: deps.config(),
      ...askedNs !== void 0 ? { snapshotAskedNs: askedNs } : {},
      ...pending !== void 0 && pending.size > 0 ? { pendingInstruments: pending } : {}
    });
    const results = [this.logRefused(applyPlan(plan, deps.target, { clock: deps.clock }))];
    for (const venueOrderId of plan.unknownOrderFills) {
      const fills = ms2.fillReports.filter((f) => f.venueOrderId === venueOrderId);
      const r = await this.chaseUnknownOrder(client, venueOrderId, fills, trigger);
      if (r !== void 0) results.push(r);
    }
    return results.length === 1 ? results[0] : mergeResults(trigger, [ms2.venue], plan.tsStarted, results);
  }
  /**
   * Start-up only: orders restored in flight that the mass status left in flight (sent just before a
   * crash, or never sent) are resolved against the venue. Not on later runs: orders in flight then are
   * live ones whose answers may still be on their way (the in-flight check's business).
   */
  resolveInflight(client, ms2, trigger) {
    const { deps } = this;
    if (deps.inflightOrders === void 0) return Promise.resolve([]);
    const inflightOrders = deps.inflightOrders;
    return resolveInflightAtStartup(
      {
        clock: deps.clock,
        logger: deps.logger,
        target: deps.target,
        inflightOrders,
        inflightCheckOn: () => (deps.config().inflightCheckIntervalMs ?? 0) > 0,
        applyReport: (venue, report, fills, t) => this.applyReport(venue, report, fills, t)
      },
      client,
      ms2,
      trigger
    );
  }
  /** One runtime order report (query answer, late message) through the start-up rules. */
  applyReport(venue, report, fills, trigger = "RUNTIME") {
    const { deps } = this;
    const plan = planOrderReport(report, fills, deps.view, deps.config(), {
      traderId: deps.traderId,
      instruments: deps.instruments,
      claims: deps.claims(),
      nowNs: deps.clock.timestampNs(),
      trigger,
      venue
    });
    return this.logRefused(applyPlan(plan, deps.target, { clock: deps.clock }));
  }
  /** §1: a refused overfill is logged, not silent (the run itself stays successful). */
  logRefused(result) {
    for (const i of result.items) {
      if (i.rule !== OVERFILL_REFUSED) continue;
      this.deps.logger.warn("reconciliation: fill refused, it would overfill the order", { clientOrderId: i.clientOrderId, tradeId: i.key, reason: i.reason });
    }
    return result;
  }
  /** A fill for a venue order keel does not know: ask the venue for that order, then apply the fill with it. */
  async chaseUnknownOrder(client, venueOrderId, fills, trigger) {
    let report;
    try {
      report = await client.generateOrderStatusReport({ venueOrderId });
    } catch (error) {
      this.deps.logger.warn("reconciliation: status query for an unknown order failed", { venueOrderId, error: String(error) });
      return void 0;
    }
    if (report === null) {
      this.deps.logger.warn("reconciliation: fills for a venue order the venue does not report", { venueOrderId, fills: fills.length });
      return void 0;
    }
    return this.applyReport(client.venue, report, fills, trigger);
  }
  elapsedMs(started) {
    return Math.max(0, Number((this.deps.clock.timestampNs() - started) / NANOS_PER_MS));
  }
};
function emptyCounts() {
  return { orders: 0, fills: 0, positions: 0, matched: 0, updated: 0, created: 0, skipped: 0, failed: 0, eventsApplied: 0, inferredFills: 0, syntheticOrders: 0, externalDropped: 0 };
}
function failedResult(trigger, venues, tsStarted, durationMs, code, message) {
  return { kind: "ReconciliationResult", trigger, venues, success: false, error: { code, message }, tsStarted, durationMs, counts: emptyCounts(), items: [] };
}
function accountResult(trigger, venue, tsStarted, items) {
  return { kind: "ReconciliationResult", trigger, venues: [venue], success: true, tsStarted, durationMs: 0, counts: { ...emptyCounts(), updated: items.filter((i) => i.outcome === "UPDATED").length }, items };
}
function mergeResults(trigger, venues, tsStarted, results) {
  const counts = emptyCounts();
  const items = [];
  let error;
  let durationMs = 0;
  for (const r of results) {
    for (const k of Object.keys(counts)) counts[k] += r.counts[k];
    for (const i of r.items) items.push(i);
    error ??= r.error;
    durationMs += r.durationMs;
  }
  return {
    kind: "ReconciliationResult",
    trigger,
    venues: [...new Set(venues)],
    success: results.every((r) => r.success),
    ...error ? { error } : {},
    tsStarted,
    durationMs,
    counts,
    items
  };
}
function massOfFills(venue, accountId, fills, tsInit) {
  return { clientId: venue, venue, accountId, orderReports: [], fillReports: fills, positionReports: [], tsInit };
}

// ../../work/keel-E/src/engine/execution/live/check-hosts.ts
var QUERY_TIMEOUT_MS = 1e4;
var venueOf = (o) => splitInstrumentId(o.instrumentId).venue;
function buildChecks(w) {
  const { cache, clock } = w;
  const timed = (p, what) => withClockTimeout(clock, p, QUERY_TIMEOUT_MS, "VENUE_QUERY_TIMEOUT", what);
  const resolveLocally = (clientOrderId, kind, reason, basis) => {
    const order = cache.order(clientOrderId);
    if (order === void 0) return;
    w.applyEvent(localCloseEvent(order, kind, reason, basis, clock.timestampNs()));
    warnResolvedLocally(w.logger, order, kind, reason, basis);
  };
  const inflight = new InflightCheck({
    clock,
    config: w.config,
    inflightOrders: () => cache.ordersInflight(),
    hasQueuedEvents: w.isQueued,
    query: (id) => {
      const order = cache.order(id);
      const client = order ? w.clientFor(order.instrumentId) : void 0;
      if (order === void 0 || client === void 0) return;
      const q = { instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, ...order.venueOrderId !== void 0 ? { venueOrderId: order.venueOrderId } : {} };
      timed(client.generateOrderStatusReport(q), `${client.venue} order status`).then(
        (report) => {
          if (report === null) inflight.onUnknownAnswer(id);
          else w.enqueueReport(client.venue, report);
        },
        () => void 0
        // no answer: the retry count says so
      );
    },
    resolve: (id, r) => resolveLocally(id, r.kind, r.kind === "REJECT" ? r.reason : "", r.basis)
  });
  const openOrders = /* @__PURE__ */ new Map();
  const positions = /* @__PURE__ */ new Map();
  const addVenue = (client) => {
    const venue = client.venue;
    const mine = (o) => venueOf(o) === venue;
    openOrders.set(venue, new OpenOrderCheck({
      clock,
      config: w.config,
      openOrders: () => cache.ordersOpen().filter(mine),
      fetchOrderReports: (q) => timed(client.generateOrderStatusReports(q), `${venue} order reports`),
      fetchOrderReport: (o) => timed(client.generateOrderStatusReport({ clientOrderId: o.clientOrderId, ...o.venueOrderId !== void 0 ? { venueOrderId: o.venueOrderId } : {} }), `${venue} order status`),
      applyReport: (report) => w.enqueueReport(venue, report),
      closedOrder: (r) => {
        const o = (r.clientOrderId !== void 0 ? cache.order(r.clientOrderId) : void 0) ?? cache.orderByVenueOrderId(r.venueOrderId);
        if (o === void 0 || !o.isClosed || !mine(o)) return void 0;
        return { clientOrderId: o.clientOrderId, instrumentId: o.instrumentId, status: o.status, tsLast: o.tsLast, closedLocally: o.localClose !== void 0, ...o.venueOrderId !== void 0 ? { venueOrderId: o.venueOrderId } : {} };
      },
      // The targeted query came first and the venue answered it with "unknown order".
      resolveMissing: (id, r) => resolveLocally(id, r.kind, r.kind === "REJECT" ? r.reason : "", "VENUE_UNKNOWN_ORDER")
    }));
    positions.set(venue, new PositionCheck({
      clock,
      logger: w.logger,
      get accountId() {
        return client.accountId;
      },
      config: w.config,
      fetchPositionReports: () => timed(client.generatePositionStatusReports({}), `${venue} position reports`),
      localInstruments: () => [...new Set(cache.positionsOpen().filter((p) => venueOf(p) === venue).map((p) => p.instrumentId))],
      localNetQty: (instrumentId) => cache.positionsOpen({ instrumentId }).reduce((sum, p) => sum.add(p.signedQty), Decimal.from("0")),
      lastLocalFillNs: (instrumentId) => cache.positions({ instrumentId }).reduce((m, p) => m === void 0 || p.tsLast > m ? p.tsLast : m, void 0),
      fetchFillReports: (q) => timed(client.generateFillReports(q), `${venue} fill reports`),
      hasTradeId: (f) => (f.clientOrderId !== void 0 ? cache.order(f.clientOrderId) : cache.orderByVenueOrderId(f.venueOrderId))?.hasTradeId(f.tradeId) ?? false,
      applyFills: async (fills) => {
        const r = await w.reconcileMassStatus(client, massOfFills(venue, client.accountId, fills, clock.timestampNs()));
        return r.counts.eventsApplied;
      }
    }));
  };
  return { inflight, openOrders, positions, addVenue };
}

// ../../work/keel-E/src/engine/execution/live/check-scheduler.ts
var CHECK_TIMERS = {
  startupDelay: "ExecEngine.checks-start",
  inflight: "ExecEngine.inflight-check",
  openOrders: "ExecEngine.open-check",
  positions: "ExecEngine.position-check"
};
var CheckScheduler = class {
  constructor(clock, logger, checks, config) {
    this.clock = clock;
    this.logger = logger;
    this.checks = checks;
    this.config = config;
  }
  clock;
  logger;
  checks;
  config;
  armed = false;
  running = /* @__PURE__ */ new Set();
  get isArmed() {
    return this.armed;
  }
  /** Begin after the start-up delay (0: at once). */
  start() {
    this.stop();
    const delayNs = BigInt(this.config().reconciliationStartupDelaySecs) * NANOS_PER_SEC;
    if (delayNs === 0n) return this.arm();
    this.clock.setTimeAlert(CHECK_TIMERS.startupDelay, this.clock.timestampNs() + delayNs, () => this.arm());
  }
  stop() {
    this.armed = false;
    for (const name of Object.values(CHECK_TIMERS)) this.clock.cancelTimer(name);
  }
  /** After a config change: re-arm the timers whose period changed (only if the checks are running). */
  reconfigure(before, after) {
    if (!this.armed) return;
    if (before.inflightCheckIntervalMs !== after.inflightCheckIntervalMs) this.armInflight(after);
    if (before.openCheckIntervalSecs !== after.openCheckIntervalSecs) this.armOpen(after);
    if (before.positionCheckIntervalSecs !== after.positionCheckIntervalSecs) this.armPositions(after);
  }
  arm() {
    this.armed = true;
    const cfg = this.config();
    this.armInflight(cfg);
    this.armOpen(cfg);
    this.armPositions(cfg);
  }
  armInflight(cfg) {
    this.clock.cancelTimer(CHECK_TIMERS.inflight);
    if (cfg.inflightCheckIntervalMs > 0) {
      this.clock.setTimer(CHECK_TIMERS.inflight, BigInt(cfg.inflightCheckIntervalMs) * NANOS_PER_MS, () => this.guard("inflight", () => this.checks.inflight()));
    }
  }
  armOpen(cfg) {
    this.clock.cancelTimer(CHECK_TIMERS.openOrders);
    if (cfg.openCheckIntervalSecs !== null && cfg.openCheckIntervalSecs > 0) {
      this.clock.setTimer(CHECK_TIMERS.openOrders, BigInt(cfg.openCheckIntervalSecs) * NANOS_PER_SEC, () => this.guard("openOrders", () => this.checks.openOrders()));
    }
  }
  armPositions(cfg) {
    this.clock.cancelTimer(CHECK_TIMERS.positions);
    if (cfg.positionCheckIntervalSecs !== null && cfg.positionCheckIntervalSecs > 0) {
      this.clock.setTimer(CHECK_TIMERS.positions, BigInt(cfg.positionCheckIntervalSecs) * NANOS_PER_SEC, () => this.guard("positions", () => this.checks.positions()));
    }
  }
  guard(name, run) {
    if (this.running.has(name)) return;
    this.running.add(name);
    const done = () => {
      this.running.delete(name);
    };
    try {
      const r = run();
      if (r instanceof Promise) {
        r.then(done, (error) => {
          done();
          this.logger.error(`${name} check failed`, { error: error instanceof Error ? error.message : String(error) });
        });
        return;
      }
    } catch (error) {
      this.logger.error(`${name} check failed`, { error: error instanceof Error ? error.message : String(error) });
    }
    done();
  }
};

// ../../work/keel-E/src/engine/execution/live/command-guard.ts
function staleCommand(command, order) {
  if (command.type !== "CancelOrder" && command.type !== "ModifyOrder") return void 0;
  const o = order(command.clientOrderId);
  if (o === void 0) return void 0;
  if (o.isClosed) return { clientOrderId: o.clientOrderId, status: o.status, reason: "the order is closed" };
  if (command.type === "CancelOrder" && o.status === "PENDING_CANCEL") {
    return { clientOrderId: o.clientOrderId, status: o.status, reason: "a cancel of the order is already pending" };
  }
  return void 0;
}

// ../../work/keel-E/src/engine/config/config-diff.ts
function diffConfig(before, after, prefix = "") {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffConfig(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return sameValue(before, after) ? [] : [{ key: prefix || "(root)", before, after }];
}
function isPlainObject(v) {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}
function sameValue(a, b) {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) return diffConfig(a, b).length === 0;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") return String(a) === String(b) && a.constructor === b.constructor;
  return false;
}

// ../../work/keel-E/src/engine/config/live-config.ts
var LiveConfig = class {
  constructor(spec, initial, recorder) {
    this.spec = spec;
    this.value = Object.freeze({ ...initial });
    this.recorder = recorder;
  }
  spec;
  value;
  seq = 0;
  recorder;
  /** The current value (frozen; a new object after each change). */
  get current() {
    return this.value;
  }
  /** The keys a change may name, each with its one-line description, in the schema's order. */
  get keys() {
    return Object.entries(this.spec.schema.shape).map(([key, field]) => ({ key, description: field.description ?? "" }));
  }
  get target() {
    return this.spec.target();
  }
  /** Start recording into a node's log (a strategy, once registered). Before that changes are stamped 0 and not logged. */
  attach(recorder) {
    this.recorder = recorder;
  }
  /**
   * Validate and apply `partial`; returns the change (empty `changes` when nothing differs, still
   * recorded: the audit shows the call). `source` defaults to the log's (the REPL's node: 'repl').
   */
  change(partial, source, revertOf) {
    const target = this.spec.target();
    const by = this.checkSource(source, target);
    if (partial === null || typeof partial !== "object" || Array.isArray(partial)) {
      throw new EngineError("CONFIG_INVALID", `${target}.configure: expected an object of its config keys, received ${String(partial)}`, { target, received: String(partial) });
    }
    const p = partial;
    parseConfig(this.spec.schema.partial(), p, `${target} change`);
    const current = this.value;
    const merged = this.spec.merge ? this.spec.merge(current, p) : { ...current, ...p };
    const parsed = parseConfig(this.spec.schema, merged, target);
    const next = Object.freeze(this.spec.refine ? this.spec.refine(parsed) : parsed);
    this.spec.guard?.(next, current);
    const tsEvent = this.recorder?.clock.timestampNs() ?? 0n;
    const change = {
      kind: "ConfigChange",
      changeId: `CC-${this.spec.idTag()}-${tsEvent}-${++this.seq}`,
      target,
      source: revertOf === void 0 ? by : `${by} (revert ${revertOf})`,
      ...revertOf !== void 0 ? { revertOf } : {},
      tsEvent,
      changes: this.diff(current, next)
    };
    this.value = next;
    this.spec.apply?.(current, next, change);
    this.recorder?.audit.append(change);
    return change;
  }
  checkSource(source, target) {
    if (source === void 0) return this.recorder?.audit.defaultSource ?? "user";
    if (typeof source === "string" && (CONFIG_SOURCES.includes(source) || ATTACH_SOURCE.test(source))) return source;
    const received = typeof source === "object" ? JSON.stringify(source) : typeof source === "string" ? `'${source}'` : String(source);
    throw new EngineError("CONFIG_INVALID", `${target}.configure: expected the source as a non-empty string label (one of ${CONFIG_SOURCES.map((s) => `'${s}'`).join(", ")}), received ${received}`, {
      key: "source",
      received
    });
  }
  /** Keys whose value changed, sorted; entry keys one level down (`params.fast`). */
  diff(before, after) {
    const b = before;
    const a = after;
    const entryKeys = this.spec.entryKeys ?? [];
    const out = [];
    for (const key of [.../* @__PURE__ */ new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      if (entryKeys.includes(key)) {
        const bo = b[key] ?? {};
        const ao = a[key] ?? {};
        for (const k of [.../* @__PURE__ */ new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) {
          if (!sameValue(bo[k], ao[k])) out.push({ key: `${key}.${k}`, before: bo[k], after: ao[k] });
        }
      } else if (!sameValue(b[key], a[key])) {
        out.push({ key, before: b[key], after: a[key] });
      }
    }
    return out;
  }
};

// ../../work/keel-E/src/engine/execution/live/exec-config.ts
function execLiveConfig(initial, recorder, hooks) {
  return new LiveConfig({
    target: () => "execEngine",
    idTag: () => "exec",
    schema: LiveExecEngineConfigSchema,
    guard: (next) => {
      const queued = hooks.queued();
      if (next.qsize < queued) {
        throw new EngineError("QSIZE_BELOW_QUEUED", `execEngine.configure: expected a qsize >= ${queued} (messages queued now), received ${next.qsize}`, {
          key: "qsize",
          requested: next.qsize,
          queued
        });
      }
    },
    apply: (before, next, change) => hooks.apply(before, next, change)
  }, initial, recorder);
}

// ../../work/keel-E/src/engine/execution/live/held-commands.ts
var ALL = "*";
var HeldCommands = class {
  constructor(onError) {
    this.onError = onError;
  }
  onError;
  held = /* @__PURE__ */ new Map();
  get size() {
    return this.held.size;
  }
  /** Whether a command for this order waits (the checks leave such an order alone). */
  holds(clientOrderId) {
    return this.held.has(clientOrderId);
  }
  /** Resolves once everything held now has settled. */
  async settled() {
    await Promise.all(this.held.values());
  }
  /**
   * Run `dispatch` for the command now, or after the held commands of its orders (a cancel-all: after
   * every held one). A promise from `dispatch` (a submit held by the gate) holds the command's orders.
   */
  run(command, dispatch) {
    const before = this.held.size > 0 ? this.before(command) : void 0;
    const result = before === void 0 ? dispatch(command) : before.then(() => dispatch(command));
    if (result !== void 0) this.hold(command, result);
  }
  before(command) {
    const waits = command.type === "CancelAllOrders" ? [...this.held.values()] : orderIdsOf(command).map((id) => this.held.get(id));
    const all = this.held.get(ALL);
    if (all !== void 0) waits.push(all);
    const found = [...new Set(waits.filter((p) => p !== void 0))];
    return found.length === 0 ? void 0 : found.length === 1 ? found[0] : Promise.all(found);
  }
  hold(command, result) {
    const settled = result.catch((error) => this.onError(error, command));
    const keys = command.type === "CancelAllOrders" ? [ALL] : orderIdsOf(command);
    for (const k of keys) this.held.set(k, settled);
    void settled.then(() => {
      for (const k of keys) if (this.held.get(k) === settled) this.held.delete(k);
    });
  }
};
function orderIdsOf(command) {
  switch (command.type) {
    case "SubmitOrder":
      return [command.order.clientOrderId];
    case "SubmitOrderList":
      return command.orders.map((o) => o.clientOrderId);
    case "CancelAllOrders":
      return [];
    default:
      return [command.clientOrderId];
  }
}

// ../../work/keel-E/src/engine/execution/live/live-execution-engine.ts
var FOLLOW_UP_TIMEOUT_MS = 5e3;
var LiveExecutionEngine = class {
  constructor(o) {
    this.o = o;
    this.cfg = execLiveConfig(o.config, o.configLog ? { clock: o.clock, audit: o.configLog } : void 0, {
      queued: () => Math.max(this.commandQueue.size, this.eventQueue.size),
      apply: (before, next, change) => this.applyConfig(before, next, change)
    });
    const onError = (error, what) => this.onProcessingError(error, what);
    this.commandQueue = new BoundedQueue({
      name: "command",
      capacity: o.config.qsize,
      clock: o.clock,
      logger: o.logger,
      handler: (c) => this.route(c),
      onError: (e, c) => onError(e, c.type),
      keyOf: (c) => "clientOrderId" in c ? c.clientOrderId : void 0,
      ...o.schedule ? { schedule: o.schedule } : {}
    });
    this.eventQueue = new BoundedQueue({
      name: "event",
      capacity: o.config.qsize,
      clock: o.clock,
      logger: o.logger,
      handler: (item) => this.processItem(item),
      onError: (e, item) => onError(e, item.kind),
      keyOf: (item) => this.keyOf(item),
      ...o.schedule ? { schedule: o.schedule } : {}
    });
    this.reconciler = new Reconciler({
      clock: o.clock,
      logger: o.logger,
      traderId: o.traderId,
      view: o.cache,
      instruments: o.instruments,
      target: o.core,
      claims: o.claims,
      config: () => this.cfg.current,
      ...o.beforePlan ? { beforePlan: o.beforePlan } : {},
      inflightOrders: (venue) => o.cache.ordersInflight().filter((order) => splitInstrumentId(order.instrumentId).venue === venue),
      pendingInstruments: () => this.pendingInstruments(),
      ...o.reconcileAccount ? { reconcileAccount: o.reconcileAccount } : {}
    });
    this.checks = buildChecks({
      cache: o.cache,
      clock: o.clock,
      logger: o.logger,
      config: () => this.cfg.current,
      clientFor: (instrumentId) => this.clientFor(instrumentId),
      isQueued: (id) => this.isPending(id),
      enqueueReport: (venue, report) => {
        this.eventQueue.push({ kind: "report", venue, report });
      },
      applyEvent: (event) => o.core.applyEvent(event),
      reconcileMassStatus: (client, massStatus2) => this.reconciler.reconcileMassStatus(client, massStatus2, "RUNTIME")
    });
    this.scheduler = new CheckScheduler(o.clock, o.logger, {
      inflight: () => this.checks.inflight.run(),
      openOrders: async () => {
        for (const c of this.checks.openOrders.values()) await c.run();
      },
      positions: async () => {
        for (const c of this.checks.positions.values()) await c.run();
      }
    }, () => this.cfg.current);
  }
  o;
  commandQueue;
  eventQueue;
  reconciler;
  checks;
  cfg;
  scheduler;
  clientsByVenue = /* @__PURE__ */ new Map();
  disposed = false;
  /** Commands waiting behind a submit that waits for its store's acknowledgement (Redis). */
  held = new HeldCommands((error, command) => this.onProcessingError(error, command.type));
  /** Processing errors that were logged and survived (EngineErrors: a refused event, an unknown order). */
  processingErrors = 0;
  /** The current config (readonly; a new object after each change). */
  get config() {
    return this.cfg.current;
  }
  get clients() {
    return [...this.clientsByVenue.values()];
  }
  client(venue) {
    return this.clientsByVenue.get(venue);
  }
  /** The client that trades an instrument (by its venue suffix). */
  clientFor(instrumentId) {
    return this.clientsByVenue.get(splitInstrumentId(instrumentId).venue);
  }
  /**
   * Take a venue's client: the live engine is its one owner and installs its one sink, here and only here
   * (the event queue, in front of the core's handlers).
   */
  registerClient(client) {
    if (this.clientsByVenue.has(client.venue)) {
      throw new EngineError("CLIENT_DUPLICATE", `expected one execution client per venue, received a second for '${client.venue}'`, { venue: client.venue });
    }
    this.clientsByVenue.set(client.venue, client);
    this.checks.addVenue(client);
    client.setSink(this.sinkFor(client));
  }
  /**
   * Hand the (connected) clients to the core for routing, with the venue's OMS, which is known only
   * after login. The sink stays the live engine's.
   */
  attachToCore() {
    for (const client of this.clientsByVenue.values()) {
      if (this.o.core.client(client.venue) === void 0) this.o.core.registerClient(client);
    }
  }
  /** The config as a `LiveConfig` (what `node.revert` applies an undo through). */
  get liveConfig() {
    return this.cfg;
  }
  /**
   * Change the config while running: the whole new config is validated first, `qsize` below what is
   * queued is refused, then it applies atomically (checks read it from their next tick). Returns the
   * change, also recorded in the node's audit log.
   */
  configure(partial, source) {
    this.assertLive();
    return this.cfg.change(partial, source);
  }
  applyConfig(before, next, change) {
    if (change.changes.some((c) => c.key === "qsize")) {
      this.commandQueue.resize(next.qsize);
      this.eventQueue.resize(next.qsize);
    }
    if ("allowOverfills" in this.o.core) this.o.core.allowOverfills = next.allowOverfills;
    this.scheduler.reconfigure(before, next);
  }
  /** Enqueue a command for its venue (never blocks, never drops). */
  execute(command) {
    this.assertLive();
    this.commandQueue.push(command);
  }
  /** Run reconciliation now against every client (or the given ones). */
  reconcile(trigger, clients = this.clients) {
    this.assertLive();
    return this.reconciler.run(clients, trigger);
  }
  startChecks() {
    this.scheduler.start();
  }
  stopChecks() {
    this.scheduler.stop();
  }
  get checksArmed() {
    return this.scheduler.isArmed;
  }
  /** Resolves when both queues are empty (and their follow-up work is done). */
  async whenIdle() {
    for (let i = 0; i < 1e3 && (this.commandQueue.size > 0 || this.eventQueue.size > 0 || this.followUps > 0 || this.held.size > 0); i++) {
      await this.commandQueue.whenIdle();
      if (this.held.size > 0) await this.held.settled();
      await this.eventQueue.whenIdle();
      if (this.followUps > 0) await new Promise((r) => this.followUpWaiters.push(r));
    }
  }
  dispose() {
    this.scheduler.stop();
    this.disposed = true;
  }
  /**
   * The command queue's handler. A command for an order whose submit waits for Redis's acknowledgement
   * waits behind it (`held`); the queue goes on with other orders.
   */
  route(command) {
    this.held.run(command, this.dispatchCommand);
  }
  /** Stale cancels/modifies are dropped here, the rest go to the core engine (a promise: a held submit). */
  dispatchCommand = (command) => {
    const stale = staleCommand(command, (id) => this.o.cache.order(id));
    if (stale === void 0) return this.o.core.execute(command);
    this.o.logger.warn(`${command.type} for ${stale.clientOrderId} dropped: ${stale.reason} (status ${stale.status})`, {
      command: command.type,
      clientOrderId: stale.clientOrderId,
      status: stale.status
    });
  };
  /** Whether a command for this order is queued or held (the checks leave such an order alone). */
  isPending(clientOrderId) {
    return this.eventQueue.holds(clientOrderId) || this.commandQueue.holds(clientOrderId) || this.held.holds(clientOrderId);
  }
  /**
   * Instruments with venue events received and not applied yet: queued, or held by a runtime follow-up
   * in progress. Reconciliation defers position differences in them (the stream may explain them).
   */
  pendingInstruments() {
    const out = new Set(this.followUpInstruments.keys());
    for (const item of this.eventQueue.pending()) if (item.kind !== "account") out.add(item.kind === "event" ? item.event.instrumentId : item.report.instrumentId);
    return out;
  }
  // --- the event queue --------------------------------------------------------------------------------
  followUps = 0;
  followUpInstruments = /* @__PURE__ */ new Map();
  followUpWaiters = [];
  sinkFor(client) {
    const venue = client.venue;
    return {
      onOrderEvent: (event) => {
        this.eventQueue.push({ kind: "event", venue, event });
      },
      onOrderStatusReport: (report) => {
        this.eventQueue.push({ kind: "report", venue, report });
      },
      onFillReport: (report) => {
        this.eventQueue.push({ kind: "fill", venue, report });
      },
      onPositionStatusReport: (report) => {
        this.o.logger.debug("position report", { venue, instrumentId: report.instrumentId, signedQty: report.signedQty.toString() });
      },
      onAccountState: (state) => {
        this.eventQueue.push({ kind: "account", venue, state });
      },
      onConnectionState: (state, info) => {
        this.o.onConnectionState?.(client, state, info);
      },
      onMalformed: (detail) => {
        this.o.logger.warn("malformed venue message", { venue, reason: detail.reason });
      },
      whenReady: () => this.eventQueue.full ? this.eventQueue.whenSpace() : void 0
    };
  }
  keyOf(item) {
    if (item.kind === "event") return item.event.clientOrderId;
    if (item.kind === "account") return void 0;
    return item.report.clientOrderId ?? this.o.cache.clientOrderIdFor(item.report.venueOrderId);
  }
  processItem(item) {
    const { cache } = this.o;
    switch (item.kind) {
      case "account":
        return this.o.onAccountState?.(item.state);
      case "event": {
        const e = item.event;
        const known = cache.order(e.clientOrderId) ?? (e.venueOrderId !== void 0 ? cache.orderByVenueOrderId(e.venueOrderId) : void 0);
        if (known === void 0 && e.type === "OrderFilled") return this.followUp(item.venue, e.instrumentId, () => this.chaseFill(item.venue, fillReportOf(e)));
        if (known === void 0) {
          this.o.logger.warn("event for an unknown order: asking the venue", { clientOrderId: e.clientOrderId, type: e.type });
          if (e.venueOrderId !== void 0) this.followUp(item.venue, e.instrumentId, () => this.chaseFill(item.venue, void 0, e.venueOrderId));
          return;
        }
        this.o.core.processVenueEvent(known.clientOrderId === e.clientOrderId ? e : { ...e, clientOrderId: known.clientOrderId });
        return;
      }
      case "report": {
        const r = item.report;
        const order = r.clientOrderId !== void 0 ? cache.order(r.clientOrderId) : cache.orderByVenueOrderId(r.venueOrderId);
        if (order !== void 0) this.checks.inflight.onReport(order.clientOrderId);
        const problem = order !== void 0 && this.o.core.venueCheckContext !== void 0 ? checkVenueReport(r, this.o.core.venueCheckContext(order, r.venueOrderId)) : void 0;
        if (problem !== void 0) return this.o.core.refuseVenueMessage?.(order, problem, { query: false });
        if (order !== void 0 && r.filledQty.lte(order.filledQty)) {
          this.logResult(this.reconciler.applyReport(item.venue, r, []));
          return;
        }
        this.followUp(item.venue, r.instrumentId, async () => {
          const client = this.client(item.venue);
          const fills = client ? await withClockTimeout(this.o.clock, client.generateFillReports({ venueOrderId: r.venueOrderId }), FOLLOW_UP_TIMEOUT_MS, "VENUE_QUERY_TIMEOUT", "fill reports") : [];
          this.logResult(this.reconciler.applyReport(item.venue, r, fills));
        });
        return;
      }
      case "fill": {
        const f = item.report;
        const order = f.clientOrderId !== void 0 ? cache.order(f.clientOrderId) : cache.orderByVenueOrderId(f.venueOrderId);
        if (order === void 0) return this.followUp(item.venue, f.instrumentId, () => this.chaseFill(item.venue, f));
        if (order.hasTradeId(f.tradeId)) return;
        this.followUp(item.venue, f.instrumentId, async () => {
          this.logResult(await this.reconciler.reconcileMassStatus(this.client(item.venue), massOfFills(item.venue, order.accountId ?? f.accountId, [f], this.o.clock.timestampNs()), "RUNTIME"));
        });
        return;
      }
    }
  }
  /** Hold the event queue (order kept) while async follow-up work for one item runs. */
  followUp(venue, instrumentId, work) {
    this.eventQueue.pause();
    this.followUps += 1;
    this.followUpInstruments.set(instrumentId, (this.followUpInstruments.get(instrumentId) ?? 0) + 1);
    work().catch((error) => this.o.logger.error("runtime reconciliation follow-up failed", { venue, error: error instanceof Error ? error.message : String(error) })).finally(() => {
      this.followUps -= 1;
      const left = (this.followUpInstruments.get(instrumentId) ?? 1) - 1;
      if (left <= 0) this.followUpInstruments.delete(instrumentId);
      else this.followUpInstruments.set(instrumentId, left);
      this.eventQueue.resume();
      if (this.followUps === 0) for (const w of this.followUpWaiters.splice(0)) w();
    });
  }
  async chaseFill(venue, fill, venueOrderId = fill?.venueOrderId) {
    const client = this.client(venue);
    if (client === void 0 || venueOrderId === void 0) return;
    const fills = fill ? [fill] : [];
    const r = await withClockTimeout(this.o.clock, this.reconciler.chaseUnknownOrder(client, venueOrderId, fills, "RUNTIME"), FOLLOW_UP_TIMEOUT_MS, "VENUE_QUERY_TIMEOUT", "order status");
    if (r !== void 0) this.logResult(r);
  }
  logResult(r) {
    if (!r.success) this.o.logger.warn("runtime reconciliation failed", { items: r.items.filter((i) => i.outcome === "FAILED").map((i) => `${i.key}: ${i.reason ?? ""}`) });
  }
  onProcessingError(error, what) {
    if (isEngineError(error)) {
      this.processingErrors += 1;
      this.o.logger.error(`processing ${what} failed`, { code: error.code, error: error.message });
      return;
    }
    this.o.logger.error(`unexpected exception processing ${what}`, { error: error instanceof Error ? error.stack ?? error.message : String(error) });
    this.o.onFatal?.(error, this.cfg.current.gracefulShutdownOnException);
  }
  assertLive() {
    if (this.disposed) throw new EngineError("ENGINE_DISPOSED", "LiveExecutionEngine: expected a live engine, received a call after dispose()", {});
  }
};
function fillReportOf(e) {
  return {
    reportId: `event:${e.tradeId}`,
    accountId: e.accountId ?? "",
    instrumentId: e.instrumentId,
    venueOrderId: e.venueOrderId,
    clientOrderId: e.clientOrderId,
    tradeId: e.tradeId,
    side: e.side,
    lastQty: e.lastQty,
    lastPx: e.lastPx,
    commission: e.commission,
    liquiditySide: e.liquiditySide,
    tsEvent: e.tsEvent,
    tsInit: e.tsEvent
  };
}

// ../../work/keel-E/src/engine/execution/live/reconciliation-service.ts
var QUOTE_SNAPSHOT_WAIT_MS = 2e3;
var ReconciliationService = class {
  constructor(d) {
    this.d = d;
  }
  d;
  last;
  /** The node's own quote subscriptions: instruments a venue holds positions in (kept fresh for reconciliation). */
  positionQuotes = /* @__PURE__ */ new Map();
  reconnects = 0;
  /** The latest result (start-up, manual, reconnect), or the one restored from the journal until a run replaces it. */
  get lastResult() {
    return this.last;
  }
  /** Reconciliations run because a venue connection came back. */
  get reconnectRuns() {
    return this.reconnects;
  }
  /** The journal's last result, kept until the first run of this process. */
  restore(result) {
    this.last = result;
  }
  /** Reconcile every venue now, bounded by the timeout: always a result (a failure says why). */
  async run(trigger) {
    const { clock } = this.d;
    const started = clock.timestampNs();
    let result;
    try {
      result = await withClockTimeout(clock, this.d.reconcile(trigger), this.d.timeoutMs, "RECONCILIATION_TIMEOUT", "reconciliation");
    } catch (error) {
      const e = error instanceof EngineError ? error : new EngineError("RECONCILIATION_ERROR", String(error));
      result = failedResult(trigger, this.d.venues.map((v) => v.venue), started, Number((clock.timestampNs() - started) / 1000000n), e.code, e.message);
    }
    this.keep(result);
    return result;
  }
  /** A venue's connection changed: a reconnect while trading reconciles that venue (in the background). */
  onConnection(venue, state, info) {
    if (state !== "CONNECTED" || info?.reconnected !== true || !this.d.trading()) return;
    this.reconnects += 1;
    const client = this.d.venues.find((v) => v.venue === venue)?.exec;
    void this.d.reconcile("RECONNECT", client ? [client] : void 0).then(
      (r) => this.keep(r),
      (e) => this.d.logger.error("reconnect reconciliation failed", { venue, error: String(e) })
    );
  }
  /**
   * Before planning a venue's mass status: subscribe to the quotes of the instruments it holds positions in
   * (the venue answers with its latest quote first) and wait, bounded on the clock, for that answer, so the
   * planner prices alignment fills from a real quote. Never fails the reconciliation: without a quote the
   * planner falls back to its other prices.
   */
  async beforePlan(ms2) {
    const data = this.d.venues.find((v) => v.venue === ms2.venue)?.data;
    let subscribed = false;
    for (const r of ms2.positionReports) {
      if (r.signedQty.isZero() || this.positionQuotes.has(r.instrumentId)) continue;
      this.positionQuotes.set(r.instrumentId, this.d.subscribeQuotes(r.instrumentId));
      subscribed = true;
    }
    if (!subscribed || data?.whenSubscribed === void 0) return;
    await withClockTimeout(this.d.clock, data.whenSubscribed(), QUOTE_SNAPSHOT_WAIT_MS, "QUOTE_SNAPSHOT_TIMEOUT", "quote snapshots before reconciliation").catch((e) => this.d.logger.warn("reconciliation: no quote snapshot in time; planning without it", { venue: ms2.venue, error: String(e) }));
  }
  /** Instruments the service keeps quotes of (for reconciliation prices). */
  get quotedInstruments() {
    return [...this.positionQuotes.keys()];
  }
  /** Drop the service's quote subscriptions. */
  dispose() {
    for (const unsubscribe of this.positionQuotes.values()) unsubscribe();
    this.positionQuotes.clear();
  }
  keep(result) {
    this.last = result;
    this.d.onResult(result);
  }
};

// ../../work/keel-E/src/engine/persistence/rebuild.ts
function rebuildState(state, instrument) {
  const problems = [];
  const orders = /* @__PURE__ */ new Map();
  for (const [id, events] of state.orders) {
    const [init, ...rest] = events;
    let order;
    try {
      order = Order.create(init);
    } catch (e) {
      problems.push(problemOf(e, id));
      continue;
    }
    const linked = state.orderPositions.get(id);
    if (linked !== void 0) order.assignPositionId(linked);
    for (const event of rest) {
      try {
        order.apply(event, { allowOverfills: true });
      } catch (e) {
        problems.push(problemOf(e, id));
        break;
      }
    }
    orders.set(id, order);
  }
  const positions = [];
  for (const [id, fills] of state.positionFills) {
    const [first, ...rest] = fills;
    if (!first) continue;
    const inst = instrument(first.instrumentId);
    if (!inst) {
      problems.push({ code: "INSTRUMENT_UNKNOWN", message: `expected a known instrument for position ${id}, received ${first.instrumentId}`, key: id });
      continue;
    }
    try {
      const position = Position.open(inst, first, id);
      for (const fill of rest) position.apply(fill);
      positions.push(position);
    } catch (e) {
      problems.push(problemOf(e, id));
    }
  }
  const orderLists = [...state.orderLists.values()].map((l) => ({
    id: l.id,
    instrumentId: l.instrumentId,
    strategyId: l.strategyId,
    orders: l.orderIds.map((oid) => orders.get(oid)).filter((o) => o !== void 0)
  }));
  return { orders: [...orders.values()], positions, orderLists, problems };
}
function problemOf(e, key) {
  const err = e;
  return { code: err.code ?? "REBUILD_FAILED", message: err.message ?? String(e), key };
}
function restoreCache(rebuilt, cache) {
  let orders = 0;
  let positions = 0;
  let orderLists = 0;
  for (const o of rebuilt.orders) {
    if (cache.hasOrder(o.clientOrderId)) continue;
    cache.addOrder(o);
    orders++;
  }
  for (const p of rebuilt.positions) {
    if (cache.position(p.id)) continue;
    cache.addPosition(p);
    positions++;
  }
  for (const l of rebuilt.orderLists) {
    if (cache.orderList(l.id)) continue;
    cache.addOrderList(l);
    orderLists++;
  }
  return { orders, positions, orderLists };
}

// ../../work/keel-E/src/engine/persistence/journal-writer.ts
var MAX_UNCHECKED_SUBMITS = 1e4;
var JournalWriter = class {
  constructor(persistence) {
    this.persistence = persistence;
  }
  persistence;
  orders = /* @__PURE__ */ new Set();
  lists = /* @__PURE__ */ new Set();
  links = /* @__PURE__ */ new Map();
  /** Per position: the trade id of the last fill journaled (a fill is never journaled twice for it). */
  positionLastTrade = /* @__PURE__ */ new Map();
  /** OrderSubmitted events journaled and not yet checked by `ensureSubmittedDurable` (only while gated). */
  submittedSeen = /* @__PURE__ */ new Set();
  /** OrderSubmitted events the gate journaled ahead of their bus delivery (skipped when it arrives). */
  prewritten = /* @__PURE__ */ new Set();
  /** Set by the node that asks `ensureSubmittedDurable` before every send. */
  gated = false;
  /** Everything already journaled (restored at start-up) is not written again. */
  seed(rebuilt) {
    for (const o of rebuilt.orders) {
      this.orders.add(o.clientOrderId);
      if (o.positionId !== void 0) this.links.set(o.clientOrderId, o.positionId);
    }
    for (const l of rebuilt.orderLists) this.lists.add(l.id);
    for (const p of rebuilt.positions) this.positionLastTrade.set(p.id, p.lastTradeId);
  }
  onApplied(applied) {
    const { event } = applied;
    if (event.type === "OrderSubmitted" && this.gated) {
      if (this.prewritten.delete(event.eventId)) return;
      this.submittedSeen.add(event.eventId);
      if (this.submittedSeen.size > MAX_UNCHECKED_SUBMITS) this.submittedSeen.delete(this.submittedSeen.values().next().value);
    }
    const records = [];
    const id = event.clientOrderId;
    if (!this.orders.has(id) && applied.init !== void 0) {
      records.push({ kind: "order-event", event: applied.init });
      this.orders.add(id);
      const list = applied.orderList;
      if (list !== void 0 && !this.lists.has(list.id)) {
        this.lists.add(list.id);
        records.push({ kind: "order-list", list: { id: list.id, instrumentId: list.instrumentId, strategyId: list.strategyId, orderIds: list.orders.map((o) => o.clientOrderId) } });
      }
    }
    if (event.type !== "OrderInitialized") records.push({ kind: "order-event", event });
    if (event.type === "OrderFilled" && event.positionId !== void 0) this.links.set(id, event.positionId);
    if (applied.positionId !== void 0) this.pushLink(id, applied.positionId, records);
    for (const child of applied.linkedChildren) this.pushLink(child.clientOrderId, child.positionId, records);
    for (const p of applied.positions) {
      const positionId = p.event.positionId;
      if (this.positionLastTrade.get(positionId) !== p.fill.tradeId) {
        records.push({ kind: "position-fill", positionId, fill: p.fill });
        this.positionLastTrade.set(positionId, p.fill.tradeId);
      }
      records.push({ kind: "position-event", event: p.event });
    }
    if (records.length > 0) this.persistence.append(records);
  }
  /**
   * The write-ahead promise, checked right before orders go to a venue: each one's `OrderSubmitted` is in
   * the journal and fsync'd. Normally the bus delivered it already (and the journal synced it); if the bus
   * is still delivering something else, it is journaled here first. Returns why not, when the journal
   * cannot write (the caller then keeps the orders from leaving). A backend acknowledged later (Redis)
   * answers with a promise: the orders leave once it resolves with undefined.
   */
  ensureSubmittedDurable(submitted) {
    for (const applied of submitted) {
      const eventId = applied.event.eventId;
      if (this.submittedSeen.delete(eventId)) continue;
      this.onApplied(applied);
      this.submittedSeen.delete(eventId);
      this.prewritten.add(eventId);
    }
    const p = this.persistence;
    const failure = p.makeDurable ? p.makeDurable() : p.failure;
    return failure !== void 0 || p.durable === void 0 ? failure : p.durable();
  }
  onConfigChange(change) {
    this.persistence.append([{ kind: "config-change", change }]);
  }
  onReconciliation(result) {
    this.persistence.append([{ kind: "reconciliation", result }]);
  }
  /** Each account state the node took (the cache's latest per venue is what a restart restores). */
  onAccountState(state) {
    this.persistence.append([{ kind: "account-state", state }]);
  }
  marker(name, tsEvent, details) {
    this.persistence.append([{ kind: "marker", name, tsEvent, ...details ? { details } : {} }]);
  }
  pushLink(clientOrderId, positionId, records) {
    if (this.links.get(clientOrderId) === positionId) return;
    if (!this.orders.has(clientOrderId)) return;
    this.links.set(clientOrderId, positionId);
    records.push({ kind: "order-position", clientOrderId, positionId });
  }
};

// ../../work/keel-E/src/engine/persistence/attach.ts
async function attachPersistence(node, persistence, options = {}) {
  persistence.useClock?.(node.clock);
  const torn = persistence.openInfo?.torn;
  if (torn) node.logger.warn("journal: torn last record cut (a crash mid-write; nothing acknowledged was lost)", { file: torn.file, offset: torn.offset, bytes: torn.bytes, reason: torn.reason });
  const loaded = await persistence.load();
  const rebuilt = rebuildState(loaded, (id) => node.instruments.find(id));
  const restored = restoreCache(rebuilt, node.cache);
  for (const state of loaded.accounts.values()) node.cache.setAccount?.(state);
  for (const p of rebuilt.problems) node.logger.warn("journal: could not rebuild", { ...p });
  if (loaded.records > 0) node.logger.info("journal: cache restored", { ...restored, records: loaded.records, kind: persistence.kind });
  const writer = new JournalWriter(persistence);
  writer.gated = options.gated ?? false;
  writer.seed(rebuilt);
  const unsubscribe = [
    // What the execution engine applied, as it said it: one record per applied event, in apply order.
    node.bus.subscribe(topics.applied, (a) => writer.onApplied(a)),
    node.bus.subscribe(topics.configChanges, (c) => writer.onConfigChange(c)),
    node.bus.subscribe(topics.reconciliation, (r) => writer.onReconciliation(r)),
    node.bus.subscribe(topics.accounts, (s) => writer.onAccountState(s))
  ];
  writer.marker("attached", node.clock.timestampNs(), { restoredOrders: restored.orders, restoredPositions: restored.positions });
  let closed = false;
  return {
    persistence,
    loaded,
    rebuilt,
    restored,
    writer,
    ensureDurable: (submitted) => writer.ensureSubmittedDurable(submitted),
    async close() {
      if (closed) return;
      closed = true;
      for (const u of unsubscribe) u();
      writer.marker("detached", node.clock.timestampNs());
      await persistence.close();
    }
  };
}

// ../../work/keel-E/src/engine/risk/funds-check.ts
function checkFunds(init, instrument, account, price, net) {
  if (account === void 0 || price === void 0 || init.reduceOnly) return void 0;
  const position = net ?? Decimal.zero();
  const reducible = init.side === "BUY" ? position.isNegative() ? position.abs() : Decimal.zero() : position.isPositive() ? position : Decimal.zero();
  const increasing = Decimal.from(init.quantity).sub(reducible);
  if (!increasing.isPositive()) return void 0;
  const spot = instrument.kind === "CurrencyPair";
  const margin = account.accountType === "MARGIN";
  let currency = instrument.quoteCurrency;
  let need;
  if (!margin && spot && init.side === "SELL") {
    currency = instrument.baseCurrency;
    need = increasing;
  } else {
    const notional = increasing.mul(price);
    const leverage = margin ? account.margins.find((m) => m.instrumentId === instrument.id)?.leverage ?? account.leverage : Decimal.from(1);
    need = notional.div(leverage, 8).add(notional.mul(instrument.takerFee));
  }
  const free = account.balances.find((b) => b.currency === currency)?.free ?? Decimal.zero();
  if (need.lte(free)) return void 0;
  const code = margin ? "INSUFFICIENT_MARGIN" : "INSUFFICIENT_BALANCE";
  return `${code}: needed ${plain(need)} ${currency}, free ${plain(free)} ${currency} (expected the ${margin ? "free margin" : "free balance"} of ${account.accountId} at ${account.venue} to cover ${init.side} ${init.quantity.toString()} ${init.instrumentId} @ ${price.toString()})`;
}
function plain(d) {
  const t = d.toString();
  return t.includes(".") ? t.replace(/\.?0+$/, "") : t;
}

// ../../work/keel-E/src/engine/risk/pre-trade-checks.ts
function checkInstrument(init, instrument) {
  if (instrument) return void 0;
  return `INSTRUMENT_UNKNOWN: expected a known instrument id, received '${init.instrumentId}'`;
}
function checkQuantity(init, instrument) {
  if (!init.quantity.isPositive()) {
    return `QUANTITY_NOT_POSITIVE: expected a quantity > 0, received ${init.quantity.toString()}`;
  }
  if (exceedsPrecision(init.quantity, instrument.sizePrecision)) {
    return `QUANTITY_PRECISION_EXCEEDED: expected at most ${instrument.sizePrecision} decimals for ${instrument.id} quantities, received ${init.quantity.toString()}`;
  }
  return void 0;
}
function checkPrices(init, instrument) {
  for (const [field, value] of [["price", init.price], ["triggerPrice", init.triggerPrice]]) {
    if (value === void 0) continue;
    if (!value.isPositive()) {
      return `PRICE_NOT_POSITIVE: expected a ${field} > 0, received ${value.toString()}`;
    }
    if (exceedsPrecision(value, instrument.pricePrecision)) {
      return `PRICE_PRECISION_EXCEEDED: expected at most ${instrument.pricePrecision} decimals for ${instrument.id} prices, received ${field} ${value.toString()}`;
    }
  }
  return void 0;
}
function checkNotional(init, instrument, maxNotional, referencePrice) {
  if (maxNotional === void 0) return void 0;
  const px2 = init.price ?? init.triggerPrice ?? referencePrice;
  if (px2 === void 0) return void 0;
  const notional = init.quantity.mul(px2);
  const max = parsedLimit(maxNotional);
  if (notional.lte(max)) return void 0;
  return `NOTIONAL_EXCEEDS_MAX: expected a notional <= ${max.toString()} ${instrument.quoteCurrency} for ${instrument.id}, received ${notional.toString()} (${init.quantity.toString()} x ${px2.toString()})`;
}
var LIMITS = /* @__PURE__ */ new Map();
function parsedLimit(text) {
  let max = LIMITS.get(text);
  if (max === void 0) {
    max = Decimal.from(text);
    if (LIMITS.size < 1024) LIMITS.set(text, max);
  }
  return max;
}
function exceedsPrecision(value, precision) {
  return value.precision > precision && !value.withPrecision(precision).eq(value);
}

// ../../work/keel-E/src/engine/risk/position-limit-check.ts
var CODE = "POSITION_LIMIT_EXCEEDED";
function checkPositionLimit(init, limit, net) {
  if (limit === void 0) return void 0;
  const current = net ?? Decimal.zero(0);
  const qty2 = Decimal.fromRaw(init.quantity.raw, init.quantity.precision);
  const reduces = !current.isZero() && (init.side === "BUY" ? current.isNegative() : current.isPositive()) && qty2.lte(current.abs());
  if (reduces) return void 0;
  const after = init.side === "BUY" ? current.add(qty2) : current.sub(qty2);
  const max = Decimal.from(limit);
  if (after.abs().lte(max)) return void 0;
  return `${CODE}: expected |net position| of ${init.instrumentId} <= ${max.toString()} (limit maxPositionPerInstrument), received ${init.side} ${init.quantity.toString()} with current net ${current.toString()} (would be ${after.toString()})`;
}

// ../../work/keel-E/src/engine/risk/submit-rate-limiter.ts
var SubmitRateLimiter = class {
  constructor(rate) {
    this.rate = rate;
  }
  rate;
  times = [];
  head = 0;
  setRate(rate) {
    this.rate = rate;
  }
  get limit() {
    return this.rate;
  }
  /** Submits counted in the window ending at `nowNs`. */
  countAt(nowNs) {
    this.evict(nowNs);
    return this.times.length - this.head;
  }
  /** Record a submit at `nowNs` if the window has room; false (nothing recorded) when it is full. */
  tryAcquire(nowNs) {
    if (this.countAt(nowNs) >= this.rate.count) return false;
    this.times.push(nowNs);
    return true;
  }
  evict(nowNs) {
    const cutoff = nowNs - this.rate.intervalNs;
    while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
};

// ../../work/keel-E/src/engine/risk/trading-state.ts
import { z as z7 } from "zod";
var HALTED = "TRADING_HALTED";
var REDUCING = "TRADING_REDUCING";
var TRADING_STATES = ["ACTIVE", "HALTED", "REDUCING"];
var TradingStateMachine = defineMachine("trading state", movesTo({
  ACTIVE: ["HALTED", "REDUCING"],
  HALTED: ["ACTIVE", "REDUCING"],
  REDUCING: ["ACTIVE", "HALTED"]
}));
var TradingStateConfigSchema = z7.object({
  tradingState: z7.enum(TRADING_STATES, { error: `one of ${TRADING_STATES.join(", ")}` }).describe("ACTIVE, HALTED (no new orders) or REDUCING (only position-reducing orders)"),
  reason: z7.string().optional().describe("Why the node was halted or set to reduce only (shown in each denial)")
}).strict();
function netOf(positions) {
  let net;
  for (const p of positions) net = net === void 0 ? p.signedQty : net.add(p.signedQty);
  return net;
}
var TradingStateControl = class {
  liveConfig;
  constructor(recorder) {
    this.liveConfig = new LiveConfig({
      target: () => "tradingState",
      idTag: () => "trading",
      schema: TradingStateConfigSchema,
      // A move drops the previous reason unless the caller gives a new one: a resumed node keeps no stale "why".
      merge: (current, p) => ({ ...current, reason: void 0, ...p }),
      guard: (next, current) => {
        TradingStateMachine.next(current.tradingState, next.tradingState, { subject: "node", received: `${current.tradingState} \u2192 ${next.tradingState}` });
      }
    }, { tradingState: "ACTIVE" }, recorder);
  }
  get state() {
    return this.liveConfig.current.tradingState;
  }
  get reason() {
    return this.liveConfig.current.reason;
  }
  /** Move to `to` (refused by the table when already there); returns the audited change. */
  set(to, reason, source) {
    return this.liveConfig.change(reason === void 0 ? { tradingState: to } : { tradingState: to, reason }, source);
  }
  /** Why a new order may not go out in this state (undefined: the state lets it through). */
  refusal(init, netPosition) {
    const state = this.state;
    if (state === "ACTIVE") return void 0;
    const why = this.reason === void 0 ? "" : ` (${this.reason})`;
    if (state === "HALTED") {
      return `${HALTED}: expected trading state ACTIVE for a new order, received HALTED${why}; cancels still go out`;
    }
    const net = netPosition(init.instrumentId);
    const qty2 = Decimal.from(init.quantity.toString());
    const reduces = net !== void 0 && !net.isZero() && (init.side === "BUY" ? net.isNegative() : net.isPositive()) && qty2.lte(net.abs());
    if (reduces) return void 0;
    return `${REDUCING}: expected an order that reduces the net position of ${init.instrumentId} (${net?.toString() ?? "0"}), received ${init.side} ${init.quantity.toString()}${why}`;
  }
};

// ../../work/keel-E/src/engine/risk/risk-engine.ts
var RiskEngine = class {
  constructor(options) {
    this.options = options;
    const initial = parseConfig(RiskEngineConfigSchema, options.config ?? {}, "RiskEngineConfig");
    this.cfg = new LiveConfig({
      target: () => "riskEngine",
      idTag: () => "risk",
      schema: RiskEngineConfigSchema,
      apply: (_before, next) => this.limiter.setRate(parseRate(next.maxOrderSubmitRate))
    }, initial, options.configLog ? { clock: options.clock, audit: options.configLog } : void 0);
    this.limiter = new SubmitRateLimiter(parseRate(initial.maxOrderSubmitRate));
    this.log = options.logger ?? noopLogger;
    this.trading = new TradingStateControl(options.configLog ? { clock: options.clock, audit: options.configLog } : void 0);
  }
  options;
  cfg;
  limiter;
  log;
  trading;
  _denied = 0;
  /** ACTIVE, HALTED (no new orders) or REDUCING (only orders that reduce a position). */
  get tradingState() {
    return this.trading.state;
  }
  /** The reason given with the latest halt or reduce-only, while that state holds. */
  get tradingStateReason() {
    return this.trading.reason;
  }
  /** Submits counted in the rate limiter's window now, against its limit (what a risk view shows as usage). */
  submitRateUsage() {
    const rate = this.limiter.limit;
    return { used: this.limiter.countAt(this.options.clock.timestampNs()), limit: rate.count, intervalNs: rate.intervalNs };
  }
  /** The trading state as a `LiveConfig` (target 'tradingState': what `node.revert` undoes a halt through). */
  get tradingStateConfig() {
    return this.trading.liveConfig;
  }
  /** Move the trading state (the table refuses staying put), audited under `source`; returns the change. */
  setTradingState(to, reason, source) {
    return this.trading.set(to, reason, source);
  }
  get config() {
    return this.cfg.current;
  }
  /** The config as a `LiveConfig` (what `node.revert` applies an undo through). */
  get liveConfig() {
    return this.cfg;
  }
  /** Orders denied so far. */
  get deniedCount() {
    return this._denied;
  }
  /** Validate the whole new config (nothing changes if it is invalid), apply it, record and return the change. */
  configure(patch, source) {
    return this.cfg.change(patch, source);
  }
  execute(command) {
    if (this.cfg.current.bypass && this.trading.state === "ACTIVE") {
      this.options.target.execute(command);
      return;
    }
    switch (command.type) {
      case "SubmitOrder":
        this.submit(command, [command.order]);
        return;
      case "SubmitOrderList":
        this.submit(command, command.orders);
        return;
      case "ModifyOrder":
      case "CancelOrder":
      case "CancelAllOrders":
      case "QueryOrder":
        this.options.target.execute(command);
        return;
      default: {
        const never = command;
        throw new Error(`unhandled command ${String(never.type)}`);
      }
    }
  }
  submit(command, orders) {
    let reason;
    const net = this.options.netPosition ?? (() => void 0);
    for (const init of orders) {
      reason = this.trading.refusal(init, net) ?? (this.cfg.current.bypass ? void 0 : this.checkOrder(init));
      if (reason) break;
    }
    if (!reason && !this.cfg.current.bypass && !this.limiter.tryAcquire(this.options.clock.timestampNs())) {
      reason = `SUBMIT_RATE_EXCEEDED: expected at most ${this.cfg.current.maxOrderSubmitRate} (count/HH:MM:SS) submits, received one more (${this.limiter.countAt(this.options.clock.timestampNs()) + 1} in the window)`;
    }
    if (!reason) {
      this.options.target.execute(command);
      return;
    }
    for (const init of orders) {
      this._denied += 1;
      this.log.warn(`order ${init.clientOrderId} denied: ${reason}`, { clientOrderId: init.clientOrderId, reason });
      this.options.target.denyOrder(init, reason);
    }
  }
  checkOrder(init) {
    const instrument = this.options.instruments.find(init.instrumentId);
    const unknown = checkInstrument(init, instrument);
    if (unknown || !instrument) return unknown;
    const reference = init.price ?? init.triggerPrice ?? this.options.referencePrice?.(init.instrumentId, init.side);
    return checkQuantity(init, instrument) ?? checkPrices(init, instrument) ?? checkNotional(init, instrument, this.cfg.current.maxNotionalPerOrder[init.instrumentId], reference) ?? checkPositionLimit(init, this.cfg.current.maxPositionPerInstrument[init.instrumentId], this.options.netPosition?.(init.instrumentId)) ?? checkFunds(init, instrument, this.options.account?.(instrument.venue), reference, this.options.netPosition?.(init.instrumentId));
  }
};

// ../../work/keel-E/src/engine/strategy/claims.ts
var ExternalOrderClaims = class {
  byInstrument = /* @__PURE__ */ new Map();
  claim(strategyId, instrumentIds) {
    const seen = /* @__PURE__ */ new Set();
    for (const id of instrumentIds) {
      const owner = this.byInstrument.get(id);
      if (owner !== void 0 && owner !== strategyId || seen.has(id)) {
        throw new EngineError(
          "CLAIM_DUPLICATE",
          `expected ${id} to be claimed by at most one strategy, received a claim by ${strategyId} while ${owner ?? strategyId} claims it`,
          { instrumentId: id, strategyId, claimedBy: owner ?? strategyId }
        );
      }
      seen.add(id);
    }
    this.release(strategyId);
    for (const id of instrumentIds) this.byInstrument.set(id, strategyId);
  }
  release(strategyId) {
    for (const [id, owner] of [...this.byInstrument]) if (owner === strategyId) this.byInstrument.delete(id);
  }
  owner(instrumentId) {
    return this.byInstrument.get(instrumentId);
  }
  /** instrument id → strategy id, as the reconciliation planner takes it. */
  toMap() {
    return new Map(this.byInstrument);
  }
};

// ../../work/keel-E/src/engine/execution/order-tree/build.ts
function buildOrderTree(cache, orderListIdOrClientOrderId) {
  const orders = family(cache, orderListIdOrClientOrderId);
  const ids = new Set(orders.map((o) => o.clientOrderId));
  const childrenOf = /* @__PURE__ */ new Map();
  for (const o of orders) {
    if (o.parentOrderId !== void 0 && ids.has(o.parentOrderId)) {
      const list = childrenOf.get(o.parentOrderId) ?? [];
      list.push(o);
      childrenOf.set(o.parentOrderId, list);
    }
  }
  const role = (o) => {
    if (childrenOf.has(o.clientOrderId)) return "ENTRY";
    if (o.parentOrderId !== void 0 && ids.has(o.parentOrderId)) return ORDER_TRAITS[o.type].triggerKind === "STOP" ? "STOP_LOSS" : "TAKE_PROFIT";
    return "ORDER";
  };
  const node = (o) => ({
    clientOrderId: o.clientOrderId,
    ...o.venueOrderId !== void 0 ? { venueOrderId: o.venueOrderId } : {},
    role: role(o),
    type: o.type,
    side: o.side,
    quantity: o.quantity.toString(),
    filledQty: o.filledQty.toString(),
    ...o.price !== void 0 ? { price: o.price.toString() } : {},
    ...o.triggerPrice !== void 0 ? { triggerPrice: o.triggerPrice.toString() } : {},
    status: o.status,
    isOpen: o.isOpen,
    contingencyType: o.contingencyType,
    children: (childrenOf.get(o.clientOrderId) ?? []).map(node)
  });
  const roots = orders.filter((o) => o.parentOrderId === void 0 || !ids.has(o.parentOrderId)).map(node);
  const links = [];
  const seen = /* @__PURE__ */ new Set();
  for (const o of orders) {
    for (const to of o.linkedOrderIds) {
      if (!ids.has(to) || o.contingencyType === "NO_CONTINGENCY") continue;
      const kind = o.contingencyType;
      const key = kind === "OTO" ? `${kind}:${o.clientOrderId}>${to}` : `${kind}:${[o.clientOrderId, to].sort().join("|")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ from: o.clientOrderId, to, kind });
    }
  }
  const first = orders[0];
  const positionId = orders.find((o) => role(o) === "ENTRY" && o.positionId !== void 0)?.positionId ?? orders.find((o) => o.positionId !== void 0)?.positionId;
  const position = positionId !== void 0 ? cache.position(positionId) : void 0;
  const protective = orders.filter((o) => role(o) === "STOP_LOSS" || role(o) === "TAKE_PROFIT");
  const unprotected = position !== void 0 && position.isOpen && protective.length > 0 && protective.every((o) => o.isClosed);
  const listId = first.orderListId !== void 0 && orders.every((o) => o.orderListId === first.orderListId) ? first.orderListId : void 0;
  return {
    kind: "ContingentOrderTree",
    ...listId !== void 0 ? { orderListId: listId } : {},
    instrumentId: first.instrumentId,
    strategyId: first.strategyId,
    roots,
    links,
    ...position ? { position: { id: position.id, side: position.side, quantity: position.quantity.toString(), isOpen: position.isOpen } } : {},
    unprotected,
    ...unprotected ? {
      unprotectedReason: `position ${position.id} is ${position.side} ${position.quantity.toString()} but every protective order is closed: ${protective.map((o) => `${o.clientOrderId} (${role(o)}) ${o.status}`).join(", ")}`
    } : {}
  };
}
function family(cache, id) {
  const list = cache.orderList(id);
  if (list) return [...list.orders];
  const start = cache.order(id);
  if (!start) {
    throw new EngineError("ORDER_TREE_NOT_FOUND", `expected an order list id or a client order id in the cache, received '${id}'`, { received: id });
  }
  if (start.orderListId !== void 0) {
    const own = cache.orderList(start.orderListId);
    if (own) return [...own.orders];
  }
  const found = /* @__PURE__ */ new Map();
  const queue = [start];
  while (queue.length > 0) {
    const o = queue.shift();
    if (found.has(o.clientOrderId)) continue;
    found.set(o.clientOrderId, o);
    const next = [...o.linkedOrderIds, ...o.parentOrderId !== void 0 ? [o.parentOrderId] : []];
    for (const n of next) {
      const other = cache.order(n);
      if (other && !found.has(n)) queue.push(other);
    }
  }
  return [...found.values()].sort((a, b) => a.tsInit < b.tsInit ? -1 : a.tsInit > b.tsInit ? 1 : a.clientOrderId < b.clientOrderId ? -1 : 1);
}

// ../../work/keel-E/src/engine/strategy/strategy-registry.ts
var StrategyRegistry = class {
  strategies = [];
  /** Check, assign the tag if missing, and add. Throws and changes nothing on a duplicate. */
  add(strategy) {
    if (this.strategies.includes(strategy)) {
      throw new EngineError("STRATEGY_ALREADY_ADDED", `expected a strategy not yet added, received ${strategy.id} again`, { strategyId: strategy.id });
    }
    const tag2 = strategy.orderIdTag ?? this.nextTag();
    const id = `${strategy.strategyName}-${tag2}`;
    const sameTag = this.strategies.find((s) => s.orderIdTag === tag2);
    if (sameTag) {
      throw new EngineError(
        "STRATEGY_DUPLICATE_TAG",
        `expected a unique orderIdTag, received '${tag2}' for ${id} which ${sameTag.id} already uses`,
        { orderIdTag: tag2, strategyId: id, existing: sameTag.id }
      );
    }
    if (this.strategies.some((s) => s.id === id)) {
      throw new EngineError("STRATEGY_DUPLICATE_ID", `expected a unique strategy id, received '${id}' again`, { strategyId: id });
    }
    if (strategy.orderIdTag === void 0) strategy.assignOrderIdTag(tag2);
    this.strategies.push(strategy);
    return strategy;
  }
  /** Hot swap: `next` (same id, tag already assigned) takes `current`'s place in the list. */
  replace(current, next) {
    const i = this.strategies.indexOf(current);
    if (i < 0 || next.id !== current.id) throw new EngineError("STRATEGY_SWAP_REFUSED", `expected ${current.id} in the node and a next strategy of the same id, received ${next.id}`, { strategyId: current.id, next: next.id });
    this.strategies[i] = next;
  }
  remove(strategy) {
    const i = this.strategies.indexOf(strategy);
    if (i < 0) return false;
    this.strategies.splice(i, 1);
    return true;
  }
  get(strategyId) {
    return this.strategies.find((s) => s.id === strategyId);
  }
  all() {
    return this.strategies;
  }
  nextTag() {
    const used = new Set(this.strategies.map((s) => s.orderIdTag));
    for (let n = 0; ; n++) {
      const tag2 = String(n).padStart(3, "0");
      if (!used.has(tag2)) return tag2;
    }
  }
};

// ../../work/keel-E/src/engine/node/market-data-router.ts
var MarketDataRouter = class {
  constructor(bus, cache, log = noopLogger, defer = queueMicrotask) {
    this.bus = bus;
    this.cache = cache;
    this.log = log;
    this.defer = defer;
  }
  bus;
  cache;
  log;
  defer;
  clients = /* @__PURE__ */ new Map();
  counts = /* @__PURE__ */ new Map();
  quotesReceived = 0;
  observer;
  /** Hand every quote and bar to `observer` (the portfolio) after the cache and before the bus's subscribers. */
  observe(observer) {
    this.observer = observer;
  }
  addClient(client) {
    this.clients.set(client.venue, client);
    client.setSink(this.sink());
  }
  sink() {
    return {
      onQuote: (q) => {
        this.quotesReceived += 1;
        this.cache.addQuote(q);
        this.observer?.onQuote(q);
        this.bus.publish(topics.quotes(q.instrumentId), q);
      },
      onTrade: (t) => this.bus.publish(topics.trades(t.instrumentId), t),
      onBar: (b) => {
        this.observer?.onBar(b);
        this.bus.publish(topics.bars(b.barType), b);
      }
    };
  }
  subscribe(channel, id, handler) {
    const topic = channel === "quotes" ? topics.quotes(id) : channel === "trades" ? topics.trades(id) : topics.bars(id);
    let live = false;
    const unsubscribe = this.bus.subscribe(topic, (m) => {
      live = true;
      handler(m);
    });
    const key = `${channel}:${id}`;
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    const client = this.clientFor(id);
    if (n === 0 && client) {
      if (channel === "quotes") client.subscribeQuotes(id);
      else if (channel === "trades") client.subscribeTrades(id);
      else client.subscribeBars(id);
    }
    let done = false;
    if (n > 0 && channel === "quotes") {
      this.defer(() => {
        if (done || live) return;
        const latest = this.cache.quote(id);
        if (latest === void 0) return;
        try {
          handler(latest);
        } catch (error) {
          this.log.error("quote handler failed on the latest cached quote", { instrumentId: id, error: error instanceof Error ? error.message : String(error) });
        }
      });
    }
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) return void this.counts.set(key, left);
      this.counts.delete(key);
      if (!client) return;
      if (channel === "quotes") client.unsubscribeQuotes(id);
      else if (channel === "trades") client.unsubscribeTrades(id);
      else client.unsubscribeBars(id);
    };
  }
  clientFor(id) {
    const cut = id.indexOf("-", id.lastIndexOf("."));
    const instrumentId = cut < 0 ? id : id.slice(0, cut);
    try {
      return this.clients.get(splitInstrumentId(instrumentId).venue);
    } catch {
      return void 0;
    }
  }
};

// ../../work/keel-E/src/engine/node/journal-safe-state.ts
var JournalSafeState = class {
  constructor(fsm, logger) {
    this.fsm = fsm;
    this.logger = logger;
  }
  fsm;
  logger;
  current;
  degradedByJournal = false;
  /** Why the journal cannot write, while it cannot. */
  get failure() {
    return this.current;
  }
  /** Follow a persistence's health from now on (starting from the failure it may already have). */
  watch(persistence) {
    persistence.onHealth?.((failure) => this.onHealth(failure));
    if (persistence.failure) this.onHealth(persistence.failure);
  }
  /** The journal's health report: a failure, or `undefined` once it writes again. */
  onHealth(failure) {
    if (failure !== void 0) {
      const first = this.current === void 0;
      this.current = failure;
      if (!first) return;
      this.logger.error("journal cannot write: safe state (no new orders, cancels allowed) until it can write again", { code: failure.code, error: failure.message, ...failure.details });
      if (this.fsm.state === "RUNNING") {
        this.fsm.to("DEGRADED", `journal cannot write (${failure.message}): no new orders until it can`);
        this.degradedByJournal = true;
      }
      return;
    }
    if (this.current === void 0) return;
    this.current = void 0;
    this.logger.warn("journal writes again: trading resumed", {});
    if (this.degradedByJournal && this.fsm.state === "DEGRADED") this.fsm.to("RUNNING");
    this.degradedByJournal = false;
  }
};

// ../../work/keel-E/src/engine/node/new-order-gate.ts
var NewOrderGate = class {
  constructor(d) {
    this.d = d;
  }
  d;
  /** Set while the flatten policy closes positions: the only new orders a STOPPING node lets through. */
  closingForShutdown = false;
  execute(command) {
    const refusal = this.refusal(command);
    if (refusal === void 0) return this.d.forward(command);
    const inits = command.type === "SubmitOrder" ? [command.order] : command.type === "SubmitOrderList" ? command.orders : [];
    for (const init of inits) this.d.deny(init, refusal);
    if (refusal.startsWith("JOURNAL_UNWRITABLE")) {
      this.d.warn("journal-denied", "order denied: the journal cannot write (safe state)", { code: "JOURNAL_UNWRITABLE", strategyId: command.strategyId, orders: inits.length });
    }
  }
  /** Run the flatten policy's close of one position: its closing order is let through a stopping node. */
  closing(close) {
    this.closingForShutdown = true;
    try {
      return close();
    } finally {
      this.closingForShutdown = false;
    }
  }
  /** Why a new order may not go out now (undefined: it may; cancels and modifies always may). */
  refusal(command) {
    if (command.type !== "SubmitOrder" && command.type !== "SubmitOrderList") return void 0;
    if (this.d.state() === "STOPPING" && !this.closingForShutdown) return "NODE_STOPPING: expected a running node for a new order, received one that is stopping";
    const failure = this.d.journal.failure;
    return failure ? `JOURNAL_UNWRITABLE: expected a journal that can write before a new order, received ${failure.message}` : void 0;
  }
};

// ../../work/keel-E/src/engine/node/node-shutdown.ts
async function sweepForShutdown(policy, d, settle, rounds = 3) {
  if (policy === "leave") return;
  applyShutdownPolicy(policy, d);
  await settle();
  for (let round2 = 0; round2 < rounds && d.cache.ordersOpen().some((o) => o.status !== "PENDING_CANCEL"); round2++) {
    applyShutdownPolicy("cancel", d);
    await settle();
  }
}
function applyShutdownPolicy(policy, d) {
  if (policy === "leave") return { canceled: 0, closed: 0 };
  let canceled = 0;
  for (const order of d.cache.ordersOpen()) {
    if (order.status === "PENDING_CANCEL") continue;
    if (d.cancelThroughStrategy(order)) {
      canceled += 1;
      continue;
    }
    d.execute({
      type: "CancelOrder",
      commandId: newEventId(),
      traderId: d.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      ...order.venueOrderId !== void 0 ? { venueOrderId: order.venueOrderId } : {},
      tsInit: d.clock.timestampNs()
    });
    canceled += 1;
  }
  let closed = 0;
  if (policy === "flatten") {
    for (const position of d.cache.positionsOpen()) {
      if (d.closePosition(position)) closed += 1;
      else d.logger.warn("flatten: no strategy owns this position, left open", { positionId: position.id });
    }
  }
  return { canceled, closed };
}

// ../../work/keel-E/src/engine/node/node-state.ts
var NODE_STATE_TABLE = {
  INITIALIZED: ["STARTING", "DISPOSED"],
  STARTING: ["RUNNING", "DEGRADED", "STOPPING", "STOPPED"],
  RUNNING: ["DEGRADED", "STOPPING"],
  // A failed start may be retried once the cause is fixed (start() again).
  DEGRADED: ["STARTING", "RUNNING", "STOPPING"],
  STOPPING: ["STOPPED"],
  STOPPED: ["STARTING", "DISPOSED"],
  DISPOSED: []
};
var NODE_MACHINE = defineMachine("node", movesTo(NODE_STATE_TABLE));
var NodeStateMachine = class {
  current = "INITIALIZED";
  why;
  get state() {
    return this.current;
  }
  get reason() {
    return this.why;
  }
  can(to) {
    return NODE_MACHINE.can(this.current, to);
  }
  to(next, reason) {
    this.current = NODE_MACHINE.next(this.current, next, { subject: "TradingNode" });
    this.why = reason;
  }
};

// ../../work/keel-E/src/engine/node/node-lifecycle.ts
var SEC = (s) => s * 1e3;
var NodeLifecycle = class {
  constructor(d) {
    this.d = d;
    this.journal = new JournalSafeState(this.fsm, d.logger);
    this.gate = new NewOrderGate({ state: () => this.fsm.state, journal: this.journal, forward: d.forward, deny: d.deny, warn: rateLimitedWarn(d.logger, d.clock) });
  }
  d;
  fsm = new NodeStateMachine();
  /** Whether the journal can write now (DEGRADED, no new orders, while it cannot). */
  journal;
  /** Every strategy command passes here: new orders are refused while stopping or while the journal cannot write. */
  gate;
  get state() {
    return this.fsm.state;
  }
  /** Why the node is DEGRADED (or why it stopped), in words. */
  get reason() {
    return this.fsm.reason;
  }
  /** RUNNING or DEGRADED: strategies run, a reconnect reconciles. */
  get trading() {
    return this.fsm.state === "RUNNING" || this.fsm.state === "DEGRADED";
  }
  /** Rejects (and strategies stay stopped) when a venue does not connect or start-up reconciliation fails. */
  async start() {
    const { d } = this;
    this.assertUsable();
    this.fsm.to("STARTING");
    const t = d.config.timeouts;
    try {
      await withClockTimeout(d.clock, Promise.all(d.venueClients.flatMap((c) => [
        c.exec.connectionState === "CONNECTED" ? void 0 : c.exec.connect(),
        c.data.connectionState === "CONNECTED" ? void 0 : c.data.connect()
      ])), SEC(t.connectionSecs), "CONNECT_TIMEOUT", "connecting to the venues");
    } catch (error) {
      const e = error instanceof EngineError ? error : new EngineError("CONNECT_FAILED", String(error));
      this.fsm.to("DEGRADED", `connection failed: ${e.message}`);
      throw new EngineError("NODE_START_FAILED", `TradingNode.start: expected every venue to connect, received ${e.code}: ${e.message}`, { cause: e.toJSON() });
    }
    d.execEngine.attachToCore();
    if (d.execEngine.config.reconciliation) {
      const result = await d.reconciliation.run("STARTUP");
      if (!result.success) {
        const why = result.error?.message ?? `${result.counts.failed} item(s) failed`;
        this.fsm.to("DEGRADED", `start-up reconciliation failed: ${why}; strategies not started`);
        throw new EngineError("RECONCILIATION_FAILED", `TradingNode.start: expected a successful start-up reconciliation, received a failure (${why})`, { result });
      }
    }
    for (const s of d.strategies()) if (s.state !== "RUNNING") s.start();
    d.execEngine.startChecks();
    this.fsm.to("RUNNING");
    await this.subscriptionsAnswered(SEC(t.connectionSecs));
  }
  /** Apply the shutdown policy, stop strategies, disconnect, cancel every timer; nothing to do unless started. */
  async stop() {
    const { d } = this;
    if (this.fsm.state === "STOPPED" || this.fsm.state === "INITIALIZED" || this.fsm.state === "STOPPING") return;
    this.assertUsable();
    this.fsm.to("STOPPING");
    d.execEngine.stopChecks();
    const budget = SEC(d.config.timeouts.disconnectionSecs);
    const connected = d.venueClients.some((c) => c.exec.connectionState === "CONNECTED");
    if (connected) {
      const settle = () => this.settleOrders(() => true, budget).catch((e) => d.logger.warn("shutdown: orders still open", { error: String(e) }));
      await sweepForShutdown(d.config.shutdownPolicy, this.shutdownDeps(), settle);
    }
    for (const s of d.strategies()) if (s.state === "RUNNING") s.stop();
    await withClockTimeout(d.clock, d.execEngine.whenIdle(), budget, "STOP_TIMEOUT", "draining queues").catch(() => void 0);
    await withClockTimeout(d.clock, Promise.allSettled(d.venueClients.flatMap((c) => [c.exec.disconnect(), c.data.disconnect()])), budget, "DISCONNECT_TIMEOUT", "disconnecting").catch(() => void 0);
    if (d.ownsClock) d.clock.cancelTimers();
    this.fsm.to("STOPPED");
  }
  /** Stop if needed, then release strategies, the quote subscriptions, the engine and the journal. */
  async dispose() {
    const { d } = this;
    if (this.fsm.state === "DISPOSED") return;
    await this.stop();
    for (const s of [...d.strategies()]) if (s.state !== "DISPOSED") s.dispose();
    d.reconciliation.dispose();
    d.execEngine.dispose();
    await d.closePersistence();
    this.fsm.to("DISPOSED");
  }
  /** A disposed node refuses every further call. */
  assertUsable() {
    if (this.fsm.state === "DISPOSED") {
      throw new EngineError("NODE_DISPOSED", "TradingNode: expected a node that is not disposed, received a call after dispose()", {});
    }
  }
  /**
   * Wait (on the clock) until the cancels/closes sent have been answered: the command queue is drained
   * and no matching order is in flight. An order whose cancel the venue refused is open, but answered.
   */
  async settleOrders(match, timeoutMs) {
    const { d } = this;
    const work = (async () => {
      await d.execEngine.commandQueue.whenIdle();
      const settled = () => !d.cache.ordersInflight().some(match);
      if (settled()) return;
      let unsubscribe = () => {
      };
      await new Promise((resolve) => {
        unsubscribe = d.bus.subscribe(topics.allOrderEvents, () => {
          if (settled()) resolve();
        }, { prefix: true });
      }).finally(() => unsubscribe());
    })();
    return withClockTimeout(d.clock, work, timeoutMs, "SHUTDOWN_TIMEOUT", "waiting for orders to close");
  }
  /** Wait (bounded, on the clock) until every venue has answered the market data subscriptions sent so far. */
  async subscriptionsAnswered(timeoutMs) {
    const waits = this.d.venueClients.map((c) => c.data.whenSubscribed?.()).filter((p) => p !== void 0);
    if (waits.length === 0) return;
    await withClockTimeout(this.d.clock, Promise.all(waits), timeoutMs, "SUBSCRIBE_TIMEOUT", "market data subscriptions").catch((e) => this.d.logger.warn("market data subscriptions not answered in time", { error: String(e) }));
  }
  /** What the shutdown policy acts through: cancels via each running strategy, closes via its owner. */
  shutdownDeps() {
    const { d } = this;
    return {
      cache: d.cache,
      clock: d.clock,
      logger: d.logger,
      traderId: d.traderId,
      execute: (c) => d.execEngine.execute(c),
      closePosition: (p) => {
        const s = d.strategy(p.strategyId);
        if (s?.state !== "RUNNING") return false;
        return this.gate.closing(() => s.closePosition(p) !== void 0);
      },
      cancelThroughStrategy: (o) => {
        const s = d.strategy(o.strategyId);
        return s?.state === "RUNNING" && s.isRegistered ? (s.cancelForShutdown(o), true) : false;
      }
    };
  }
};

// ../../work/keel-E/src/engine/node/node-created.ts
var listeners = /* @__PURE__ */ new Set();
function onNodeCreated(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function announceNodeCreated(node) {
  for (const listener of listeners) {
    try {
      listener(node);
    } catch {
    }
  }
}

// ../../work/keel-E/src/engine/strategy/cache-view.ts
function cacheView(source) {
  return Object.freeze({
    order: (clientOrderId) => source.order(clientOrderId),
    orders: (query) => source.orders(query),
    position: (positionId) => source.position(positionId),
    positions: (query) => source.positions(query),
    orderList: (orderListId) => source.orderList(orderListId),
    quote: (instrumentId) => source.quote(instrumentId)
  });
}

// ../../work/keel-E/src/engine/portfolio/portfolio-view.ts
function portfolioView(p) {
  return {
    netPosition: (id) => p.netPosition(id),
    avgPx: (id) => p.avgPx(id),
    realizedPnl: (id) => p.realizedPnl(id),
    unrealizedPnl: (id) => p.unrealizedPnl(id),
    totalPnl: (id) => p.totalPnl(id),
    exposure: (id) => p.exposure(id),
    isFlat: (id) => p.isFlat(id),
    isNetLong: (id) => p.isNetLong(id),
    isNetShort: (id) => p.isNetShort(id),
    dayPnl: (currency) => p.dayPnl(currency),
    equity: (currency) => p.equity(currency),
    marginUsed: (currency) => p.marginUsed(currency),
    summary: () => p.summary()
  };
}

// ../../work/keel-E/src/engine/node/strategy-context.ts
var NodeStrategyContext = class {
  constructor(d) {
    this.d = d;
    this.cache = cacheView(d.cache);
    this.portfolio = portfolioView(d.portfolio);
  }
  d;
  pendingEventsByEngine = true;
  /** Readers only (cacheView): a strategy reaches the cache's writers through this context's methods, never directly. */
  cache;
  get traderId() {
    return this.d.traderId;
  }
  get clock() {
    return this.d.clock;
  }
  get instruments() {
    return this.d.instruments;
  }
  get log() {
    return this.d.log;
  }
  get claims() {
    return this.d.claims;
  }
  get configLog() {
    return this.d.configLog;
  }
  /** Readers only, like `cache`. */
  portfolio;
  venueOmsType(instrumentId) {
    return this.d.venueOmsType(instrumentId);
  }
  setStrategyOmsType(strategyId, omsType) {
    this.d.setStrategyOmsType(strategyId, omsType);
  }
  addOrder(order, positionId) {
    this.d.cache.addOrder(order, positionId);
  }
  addOrderList(list) {
    this.d.cache.addOrderList(list);
  }
  execute(command) {
    try {
      this.d.execute(command);
    } catch (error) {
      this.d.log.error("command failed", { type: command.type, error: error instanceof Error ? error.message : String(error) });
    }
  }
  applyLocal(event) {
    if (event.type === "OrderInitialized") return;
    this.d.applyLocal(event);
  }
  subscribeOrderEvents(strategyId, handler) {
    return this.d.bus.subscribe(topics.orderEvents(strategyId), handler);
  }
  subscribePositionEvents(strategyId, handler) {
    return this.d.bus.subscribe(topics.positionEvents(strategyId), handler);
  }
  subscribeQuotes(instrumentId, handler) {
    return this.d.marketData.subscribe("quotes", instrumentId, handler);
  }
  subscribeTrades(instrumentId, handler) {
    return this.d.marketData.subscribe("trades", instrumentId, handler);
  }
  subscribeBars(barType, handler) {
    return this.d.marketData.subscribe("bars", barType, handler);
  }
};

// ../../work/keel-E/src/engine/venue/sandbox/translate.ts
function toWireOrder(order, venuePositionId) {
  return {
    clientOrderId: order.clientOrderId,
    instrumentId: order.instrumentId,
    side: order.side,
    orderType: order.orderType,
    quantity: order.quantity.toString(),
    ...order.price ? { price: order.price.toString() } : {},
    ...order.triggerPrice ? { triggerPrice: order.triggerPrice.toString() } : {},
    timeInForce: order.timeInForce,
    ...order.expireTime !== void 0 ? { expireTime: order.expireTime.toString() } : {},
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
    contingencyType: order.contingencyType,
    ...order.orderListId ? { orderListId: order.orderListId } : {},
    linkedOrderIds: [...order.linkedOrderIds],
    ...order.parentOrderId ? { parentOrderId: order.parentOrderId } : {},
    ...venuePositionId ? { venuePositionId } : {}
  };
}
function toVenueOrderEvent(w, fallbackClientOrderId) {
  const clientOrderId = w.clientOrderId ?? fallbackClientOrderId;
  if (clientOrderId === void 0) return null;
  const base2 = {
    instrumentId: w.instrumentId,
    clientOrderId,
    ...w.venueOrderId !== void 0 ? { venueOrderId: w.venueOrderId } : {},
    accountId: w.accountId,
    tsEvent: BigInt(w.tsEvent)
  };
  switch (w.event) {
    case "OrderAccepted":
      return { ...base2, type: "OrderAccepted", venueOrderId: w.venueOrderId };
    case "OrderRejected":
      return { ...base2, type: "OrderRejected", reason: w.reason };
    case "OrderCanceled":
      return { ...base2, type: "OrderCanceled", ...w.reason !== void 0 ? { reason: w.reason } : {} };
    case "OrderExpired":
      return { ...base2, type: "OrderExpired" };
    case "OrderTriggered":
      return { ...base2, type: "OrderTriggered" };
    case "OrderUpdated":
      return {
        ...base2,
        type: "OrderUpdated",
        quantity: Quantity.from(w.quantity),
        ...w.price !== void 0 ? { price: Price.from(w.price) } : {},
        ...w.triggerPrice !== void 0 ? { triggerPrice: Price.from(w.triggerPrice) } : {}
      };
    case "OrderModifyRejected":
      return { ...base2, type: "OrderModifyRejected", reason: w.reason };
    case "OrderCancelRejected":
      return { ...base2, type: "OrderCancelRejected", reason: w.reason };
    case "OrderFilled":
      return {
        ...base2,
        type: "OrderFilled",
        venueOrderId: w.venueOrderId,
        tradeId: w.fill.tradeId,
        ...w.fill.venuePositionId !== void 0 ? { positionId: w.fill.venuePositionId } : {},
        side: w.fill.side,
        orderType: w.fill.orderType,
        lastQty: Quantity.from(w.fill.lastQty),
        lastPx: Price.from(w.fill.lastPx),
        // The venue charges commission in the instrument's quote currency, the currency of the fill.
        currency: w.fill.commissionCurrency,
        commission: Money.from(w.fill.commission, w.fill.commissionCurrency),
        liquiditySide: w.fill.liquiditySide
      };
  }
}
function toOrderStatusReport(w, tsInit) {
  return {
    reportId: `OSR-${w.venueOrderId}-${w.tsLast}`,
    accountId: w.accountId,
    instrumentId: w.instrumentId,
    ...w.clientOrderId !== void 0 ? { clientOrderId: w.clientOrderId } : {},
    venueOrderId: w.venueOrderId,
    ...w.venuePositionId !== void 0 ? { venuePositionId: w.venuePositionId } : {},
    ...w.orderListId !== void 0 ? { orderListId: w.orderListId } : {},
    side: w.side,
    orderType: w.orderType,
    timeInForce: w.timeInForce,
    ...w.expireTime !== void 0 ? { expireTime: BigInt(w.expireTime) } : {},
    status: w.status,
    quantity: Quantity.from(w.quantity),
    filledQty: Quantity.from(w.filledQty),
    ...w.avgPx !== void 0 ? { avgPx: Price.from(w.avgPx) } : {},
    ...w.price !== void 0 ? { price: Price.from(w.price) } : {},
    ...w.triggerPrice !== void 0 ? { triggerPrice: Price.from(w.triggerPrice) } : {},
    postOnly: w.postOnly,
    reduceOnly: w.reduceOnly,
    ...w.contingencyType !== void 0 ? { contingencyType: w.contingencyType } : {},
    ...w.linkedOrderIds !== void 0 ? { linkedOrderIds: [...w.linkedOrderIds] } : {},
    ...w.parentOrderId !== void 0 ? { parentOrderId: w.parentOrderId } : {},
    ...w.reason !== void 0 ? { reason: w.reason } : {},
    tsAccepted: BigInt(w.tsAccepted),
    tsLast: BigInt(w.tsLast),
    tsInit
  };
}
function toFillReport(w, tsInit) {
  return {
    reportId: `FR-${w.venueOrderId}-${w.tradeId}`,
    accountId: w.accountId,
    instrumentId: w.instrumentId,
    venueOrderId: w.venueOrderId,
    ...w.clientOrderId !== void 0 ? { clientOrderId: w.clientOrderId } : {},
    ...w.venuePositionId !== void 0 ? { venuePositionId: w.venuePositionId } : {},
    tradeId: w.tradeId,
    side: w.side,
    lastQty: Quantity.from(w.lastQty),
    lastPx: Price.from(w.lastPx),
    commission: Money.from(w.commission, w.commissionCurrency),
    liquiditySide: w.liquiditySide,
    tsEvent: BigInt(w.tsEvent),
    tsInit
  };
}
function toPositionStatusReport(w, tsInit) {
  return {
    reportId: `PSR-${w.instrumentId}-${w.venuePositionId ?? "NET"}-${w.tsLast}`,
    accountId: w.accountId,
    instrumentId: w.instrumentId,
    ...w.venuePositionId !== void 0 ? { venuePositionId: w.venuePositionId } : {},
    side: w.side,
    quantity: Quantity.from(w.quantity),
    signedQty: Decimal.from(w.signedQty),
    ...w.avgPxOpen !== void 0 ? { avgPxOpen: Price.from(w.avgPxOpen) } : {},
    tsLast: BigInt(w.tsLast),
    tsInit
  };
}
function toQuoteTick(f, tsInit) {
  return {
    instrumentId: f.instrumentId,
    bid: Price.from(f.bid),
    ask: Price.from(f.ask),
    bidSize: Quantity.from(f.bidSize),
    askSize: Quantity.from(f.askSize),
    tsEvent: BigInt(f.tsEvent),
    tsInit
  };
}
function toTradeTick(f, tsInit) {
  return {
    instrumentId: f.instrumentId,
    price: Price.from(f.price),
    size: Quantity.from(f.size),
    aggressorSide: f.aggressorSide,
    tradeId: f.tradeId,
    tsEvent: BigInt(f.tsEvent),
    tsInit
  };
}
function toBar(f, tsInit) {
  return {
    barType: f.barType,
    instrumentId: f.instrumentId,
    open: Price.from(f.open),
    high: Price.from(f.high),
    low: Price.from(f.low),
    close: Price.from(f.close),
    volume: Quantity.from(f.volume),
    tsEvent: BigInt(f.tsEvent),
    tsInit
  };
}
function toAccountState(w, venue, reported2, tsInit) {
  return {
    type: "AccountState",
    accountId: w.accountId,
    venue,
    accountType: w.accountType,
    balances: w.balances.map((b) => ({ currency: b.currency, total: Decimal.from(b.total), locked: Decimal.from(b.locked), free: Decimal.from(b.free) })),
    margins: w.margins.map((m) => ({ instrumentId: m.instrumentId, initial: Decimal.from(m.initial), maintenance: Decimal.from(m.maintenance), leverage: Decimal.from(m.leverage) })),
    leverage: Decimal.from(w.defaultLeverage),
    reported: reported2,
    tsEvent: BigInt(w.tsEvent),
    tsInit
  };
}

// ../../work/keel-E/src/engine/venue/sandbox/venue-connection.ts
import WebSocket from "ws";

// ../../work/keel-E/src/engine/venue/sandbox/protocol/auth.ts
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
function loginPayload(timestamp, nonce) {
  return `${timestamp}.${nonce}`;
}
function signLogin(apiSecret, timestamp, nonce) {
  return createHmac("sha256", apiSecret).update(loginPayload(timestamp, nonce)).digest("hex");
}
function newNonce() {
  return randomBytes(12).toString("hex");
}

// ../../work/keel-E/src/engine/venue/sandbox/protocol/messages.ts
import { z as z9 } from "zod";

// ../../work/keel-E/src/engine/venue/sandbox/protocol/shapes.ts
import { z as z8 } from "zod";
var DecimalString = z8.string().max(40, "expected a decimal string of at most 40 characters").regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string like "1.00010"');
var NsString = z8.string().regex(/^\d{1,20}$/, "expected nanoseconds since the epoch as a string of digits");
var ReqId = z8.string().min(1).max(128);
var Side = z8.enum(ORDER_SIDES);
var OrderTypeSchema = z8.enum(ORDER_TYPES);
var TimeInForceSchema = z8.enum(TIME_IN_FORCES);
var OrderStatusSchema = z8.enum(ORDER_STATUSES);
var ContingencySchema = z8.enum(CONTINGENCY_TYPES);
var LiquiditySchema = z8.enum(LIQUIDITY_SIDES);
var PositionSideSchema = z8.enum(POSITION_SIDES);
var OmsTypeSchema = z8.enum(OMS_TYPES);
var WireOrderSpec = z8.object({
  clientOrderId: z8.string().min(1).max(128),
  instrumentId: z8.string().min(1),
  side: Side,
  orderType: OrderTypeSchema,
  quantity: DecimalString,
  price: DecimalString.optional(),
  triggerPrice: DecimalString.optional(),
  timeInForce: TimeInForceSchema.default("GTC"),
  expireTime: NsString.optional(),
  postOnly: z8.boolean().default(false),
  reduceOnly: z8.boolean().default(false),
  contingencyType: ContingencySchema.default("NO_CONTINGENCY"),
  orderListId: z8.string().optional(),
  linkedOrderIds: z8.array(z8.string()).default([]),
  parentOrderId: z8.string().optional(),
  /** HEDGING: the venue position id this order trades (opens a new position when absent). */
  venuePositionId: z8.string().optional()
});
var WireOrderReport = z8.object({
  accountId: z8.string(),
  instrumentId: z8.string(),
  clientOrderId: z8.string().optional(),
  venueOrderId: z8.string(),
  venuePositionId: z8.string().optional(),
  orderListId: z8.string().optional(),
  side: Side,
  orderType: OrderTypeSchema,
  timeInForce: TimeInForceSchema,
  expireTime: NsString.optional(),
  status: OrderStatusSchema,
  quantity: DecimalString,
  filledQty: DecimalString,
  avgPx: DecimalString.optional(),
  price: DecimalString.optional(),
  triggerPrice: DecimalString.optional(),
  postOnly: z8.boolean(),
  reduceOnly: z8.boolean(),
  contingencyType: ContingencySchema.optional(),
  linkedOrderIds: z8.array(z8.string()).optional(),
  parentOrderId: z8.string().optional(),
  reason: z8.string().optional(),
  tsAccepted: NsString,
  tsLast: NsString
});
var WireFill = z8.object({
  accountId: z8.string(),
  instrumentId: z8.string(),
  venueOrderId: z8.string(),
  clientOrderId: z8.string().optional(),
  venuePositionId: z8.string().optional(),
  tradeId: z8.string(),
  side: Side,
  orderType: OrderTypeSchema,
  lastQty: DecimalString,
  lastPx: DecimalString,
  commission: DecimalString,
  commissionCurrency: z8.string(),
  liquiditySide: LiquiditySchema,
  tsEvent: NsString
});
var WirePosition = z8.object({
  accountId: z8.string(),
  instrumentId: z8.string(),
  venuePositionId: z8.string().optional(),
  side: PositionSideSchema,
  quantity: DecimalString,
  signedQty: DecimalString,
  avgPxOpen: DecimalString.optional(),
  tsLast: NsString
});
var EventBase = {
  accountId: z8.string(),
  instrumentId: z8.string(),
  clientOrderId: z8.string().optional(),
  venueOrderId: z8.string().optional(),
  tsEvent: NsString
};
var WireOrderEvent = z8.discriminatedUnion("event", [
  z8.object({ event: z8.literal("OrderAccepted"), ...EventBase, venueOrderId: z8.string() }),
  z8.object({ event: z8.literal("OrderRejected"), ...EventBase, reason: z8.string() }),
  z8.object({ event: z8.literal("OrderCanceled"), ...EventBase, reason: z8.string().optional() }),
  z8.object({ event: z8.literal("OrderExpired"), ...EventBase }),
  z8.object({ event: z8.literal("OrderTriggered"), ...EventBase }),
  z8.object({
    event: z8.literal("OrderUpdated"),
    ...EventBase,
    quantity: DecimalString,
    price: DecimalString.optional(),
    triggerPrice: DecimalString.optional()
  }),
  z8.object({ event: z8.literal("OrderModifyRejected"), ...EventBase, reason: z8.string() }),
  z8.object({ event: z8.literal("OrderCancelRejected"), ...EventBase, reason: z8.string() }),
  z8.object({ event: z8.literal("OrderFilled"), ...EventBase, venueOrderId: z8.string(), fill: WireFill })
]);
var WireBalance = z8.object({ currency: z8.string(), total: DecimalString, locked: DecimalString.optional(), free: DecimalString.optional() });
var AccountTypeSchema = z8.enum(["CASH", "MARGIN"]);
var WireAccountBalance = z8.object({ currency: z8.string().min(1).max(16), total: DecimalString, locked: DecimalString, free: DecimalString });
var WireMargin = z8.object({ instrumentId: z8.string().min(1), initial: DecimalString, maintenance: DecimalString, leverage: DecimalString });
var WireAccountState = z8.object({
  accountId: z8.string(),
  accountType: AccountTypeSchema,
  omsType: OmsTypeSchema,
  balances: z8.array(WireAccountBalance).max(1e3),
  margins: z8.array(WireMargin).max(1e4),
  /** The account's default leverage (1 for CASH); per instrument in `margins`. */
  defaultLeverage: DecimalString,
  tsEvent: NsString
});
var ReportFilter = {
  instrumentId: z8.string().optional(),
  start: NsString.optional()
};

// ../../work/keel-E/src/engine/venue/sandbox/protocol/messages.ts
var MAX_FRAME_BYTES = 1024 * 1024;
var MAX_SOCKET_FRAME_BYTES = 8 * MAX_FRAME_BYTES;
var MAX_PAGE_ITEMS = 5e3;
var LoginFrame = z9.object({
  type: z9.literal("login"),
  reqId: ReqId,
  apiKey: z9.string().min(1),
  timestamp: NsString,
  nonce: z9.string().min(8).max(128),
  signature: z9.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex characters")
});
var SubmitOrderFrame = z9.object({
  type: z9.literal("submit_order"),
  reqId: ReqId,
  order: WireOrderSpec,
  /** Let the venue manage OTO/OCO/OUO links of this order (default: the venue ignores them). */
  contingentAtVenue: z9.boolean().default(false)
});
var SubmitOrderListFrame = z9.object({
  type: z9.literal("submit_order_list"),
  reqId: ReqId,
  orderListId: z9.string().min(1),
  orders: z9.array(WireOrderSpec).min(1).max(100),
  contingentAtVenue: z9.boolean().default(false)
});
var OrderRef = {
  instrumentId: z9.string().optional(),
  clientOrderId: z9.string().optional(),
  venueOrderId: z9.string().optional()
};
var ModifyOrderFrame = z9.object({
  type: z9.literal("modify_order"),
  reqId: ReqId,
  ...OrderRef,
  quantity: DecimalString.optional(),
  price: DecimalString.optional(),
  triggerPrice: DecimalString.optional()
});
var CancelOrderFrame = z9.object({ type: z9.literal("cancel_order"), reqId: ReqId, ...OrderRef });
var CancelAllFrame = z9.object({
  type: z9.literal("cancel_all"),
  reqId: ReqId,
  instrumentId: z9.string().optional(),
  side: Side.optional()
});
var QueryOrderFrame = z9.object({ type: z9.literal("query_order"), reqId: ReqId, ...OrderRef });
var Paging = {
  cursor: z9.string().min(1).max(64).optional(),
  limit: z9.number().int().min(1).max(MAX_PAGE_ITEMS).optional()
};
var QueryOrdersFrame = z9.object({
  type: z9.literal("query_orders"),
  reqId: ReqId,
  ...ReportFilter,
  openOnly: z9.boolean().default(false),
  ...Paging
});
var QueryFillsFrame = z9.object({
  type: z9.literal("query_fills"),
  reqId: ReqId,
  ...ReportFilter,
  venueOrderId: z9.string().optional(),
  ...Paging
});
var QueryPositionsFrame = z9.object({ type: z9.literal("query_positions"), reqId: ReqId, instrumentId: z9.string().optional(), ...Paging });
var QueryAccountFrame = z9.object({ type: z9.literal("query_account"), reqId: ReqId });
var MassStatusFrame = z9.object({ type: z9.literal("mass_status"), reqId: ReqId, start: NsString.optional(), ...Paging });
var MarketChannel = z9.enum(["quotes", "trades", "bars"]);
var SubscribeFrame = z9.object({
  type: z9.literal("subscribe"),
  reqId: ReqId,
  channel: MarketChannel,
  /** instrumentId for quotes/trades, barType (e.g. 'BTCUSDT-PERP.SIM-1-MINUTE-LAST') for bars. */
  topic: z9.string().min(1).max(200)
});
var UnsubscribeFrame = SubscribeFrame.extend({ type: z9.literal("unsubscribe") });
var PingFrame = z9.object({ type: z9.literal("ping"), reqId: ReqId });
var CONTROL_ACTIONS = [
  "seedOrder",
  "seedPosition",
  "setQuote",
  "placeExternalOrder",
  "fault",
  "clearFaults",
  "restart",
  "stats",
  "adjustBalance"
];
var ControlFrame = z9.object({
  type: z9.literal("control"),
  reqId: ReqId,
  action: z9.enum(CONTROL_ACTIONS),
  /** The control's argument (validated by the control itself); for setQuote `{ instrumentId, bid, ask, ... }`. */
  params: z9.unknown().optional()
});
var ClientFrame = z9.discriminatedUnion("type", [
  LoginFrame,
  SubmitOrderFrame,
  SubmitOrderListFrame,
  ModifyOrderFrame,
  CancelOrderFrame,
  CancelAllFrame,
  QueryOrderFrame,
  QueryOrdersFrame,
  QueryFillsFrame,
  QueryPositionsFrame,
  QueryAccountFrame,
  MassStatusFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  PingFrame,
  ControlFrame
]);
var CLIENT_FRAME_TYPES = ClientFrame.options.map((o) => o.shape.type.value);
var LoginOkFrame = z9.object({
  type: z9.literal("login_ok"),
  reqId: ReqId,
  accountId: z9.string(),
  omsType: OmsTypeSchema,
  admin: z9.boolean(),
  protocolVersion: z9.number().int(),
  instruments: z9.array(z9.string()),
  serverTime: NsString
});
var ErrorFrame = z9.object({
  type: z9.literal("error"),
  reqId: ReqId.optional(),
  code: z9.string(),
  message: z9.string(),
  fatal: z9.boolean().default(false)
});
var EventFrame = z9.object({ type: z9.literal("event"), reqId: ReqId.optional(), data: WireOrderEvent });
var OrderStatusFrame = z9.object({ type: z9.literal("order_status"), reqId: ReqId, report: WireOrderReport.nullable() });
var NextCursor = { nextCursor: z9.string().min(1).max(64).optional() };
var OrderReportsFrame = z9.object({ type: z9.literal("order_reports"), reqId: ReqId, reports: z9.array(WireOrderReport), ...NextCursor });
var FillReportsFrame = z9.object({ type: z9.literal("fill_reports"), reqId: ReqId, fills: z9.array(WireFill), ...NextCursor });
var PositionReportsFrame = z9.object({
  type: z9.literal("position_reports"),
  reqId: ReqId,
  positions: z9.array(WirePosition),
  ...NextCursor
});
var AccountFrame = WireAccountState.extend({
  type: z9.literal("account"),
  reqId: ReqId,
  balances: z9.array(WireBalance),
  accountType: WireAccountState.shape.accountType.optional(),
  margins: WireAccountState.shape.margins.optional(),
  defaultLeverage: DecimalString.optional(),
  tsEvent: NsString.optional()
});
var AccountStateFrame = z9.object({ type: z9.literal("account_state"), state: WireAccountState });
var MassStatusReplyFrame = z9.object({
  type: z9.literal("mass_status_reply"),
  reqId: ReqId,
  accountId: z9.string(),
  orders: z9.array(WireOrderReport),
  fills: z9.array(WireFill),
  positions: z9.array(WirePosition),
  serverTime: NsString,
  ...NextCursor
});
var OkFrame = z9.object({ type: z9.literal("ok"), reqId: ReqId, result: z9.unknown().optional() });
var PongFrame = z9.object({ type: z9.literal("pong"), reqId: ReqId, serverTime: NsString });
var QuoteFrame = z9.object({
  type: z9.literal("quote"),
  instrumentId: z9.string(),
  bid: DecimalString,
  ask: DecimalString,
  bidSize: DecimalString,
  askSize: DecimalString,
  tsEvent: NsString
});
var TradeFrame = z9.object({
  type: z9.literal("trade"),
  instrumentId: z9.string(),
  price: DecimalString,
  size: DecimalString,
  aggressorSide: Side,
  tradeId: z9.string(),
  tsEvent: NsString
});
var BarFrame = z9.object({
  type: z9.literal("bar"),
  barType: z9.string(),
  instrumentId: z9.string(),
  open: DecimalString,
  high: DecimalString,
  low: DecimalString,
  close: DecimalString,
  volume: DecimalString,
  tsEvent: NsString
});
var ServerFrame = z9.discriminatedUnion("type", [
  LoginOkFrame,
  ErrorFrame,
  EventFrame,
  OrderStatusFrame,
  OrderReportsFrame,
  FillReportsFrame,
  PositionReportsFrame,
  AccountFrame,
  AccountStateFrame,
  MassStatusReplyFrame,
  OkFrame,
  PongFrame,
  QuoteFrame,
  TradeFrame,
  BarFrame
]);
var SERVER_FRAME_TYPES = ServerFrame.options.map((o) => o.shape.type.value);
function parseServerFrame(text) {
  return parseFrame(text, ServerFrame, SERVER_FRAME_TYPES);
}
function parseFrame(text, schema, types) {
  if (Buffer.byteLength(text, "utf8") > MAX_FRAME_BYTES) {
    return { ok: false, code: "FRAME_TOO_LARGE", message: `expected a frame of at most ${MAX_FRAME_BYTES} bytes, received ${Buffer.byteLength(text, "utf8")}` };
  }
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, code: "FRAME_NOT_JSON", message: `expected a JSON object, received text that is not JSON (${e.message})` };
  }
  const rawReqId = typeof raw === "object" && raw !== null ? raw.reqId : void 0;
  const reqId = ReqId.safeParse(rawReqId).success ? rawReqId : void 0;
  const type = typeof raw === "object" && raw !== null ? raw.type : void 0;
  if (typeof type !== "string" || !types.includes(type)) {
    return {
      ok: false,
      code: "FRAME_UNKNOWN_TYPE",
      message: `expected an object with type one of ${types.join(", ")}, received type ${JSON.stringify(type) ?? "undefined"}`,
      ...reqId ? { reqId } : {}
    };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(frame)"}: ${i.message}`).join("; ");
    return { ok: false, code: "FRAME_INVALID", message: `invalid '${type}' frame: ${issues}`, ...reqId ? { reqId } : {} };
  }
  return { ok: true, frame: result.data };
}

// ../../work/keel-E/src/engine/venue/sandbox/connection-state.ts
var TRANSITIONS = {
  DISCONNECTED: ["CONNECTING", "CLOSED"],
  CONNECTING: ["CONNECTED", "DISCONNECTED", "CLOSED"],
  CONNECTED: ["RECONNECTING", "DISCONNECTED", "CLOSED"],
  RECONNECTING: ["CONNECTED", "DISCONNECTED", "CLOSED"],
  CLOSED: ["CONNECTING", "CLOSED"]
};
var CONNECTION_MACHINE = defineMachine("connection", movesTo(TRANSITIONS));
function nextConnectionState(from, to) {
  return CONNECTION_MACHINE.next(from, to);
}

// ../../work/keel-E/src/engine/venue/sandbox/venue-connection.ts
var PERMANENT_LOGIN_CODES = /* @__PURE__ */ new Set(["LOGIN_UNKNOWN_KEY", "LOGIN_BAD_SIGNATURE"]);
var connectionSeq = 0;
var VenueConnection = class {
  constructor(opts) {
    this.opts = opts;
    this.timerPrefix = `${opts.name}-conn${++connectionSeq}`;
  }
  opts;
  ws;
  stateValue = "DISCONNECTED";
  pending = /* @__PURE__ */ new Map();
  timers = /* @__PURE__ */ new Set();
  timerPrefix;
  reqSeq = 0;
  /** The current socket has logged in (requests may go out, even before CONNECTED is reported). */
  sessionReady = false;
  attempts = 0;
  handlers;
  /**
   * Reading is paused (back-pressure): the socket is paused, and the frames ws had already read from it
   * (at most one socket read) wait here as raw bytes, unparsed, until the consumer has room.
   */
  readPaused = false;
  held = [];
  /** Frames that failed validation, and how many times the session was re-established. */
  stats = { malformed: 0, reconnects: 0, framesIn: 0, framesOut: 0, readPauses: 0 };
  login;
  get state() {
    return this.stateValue;
  }
  setHandlers(handlers) {
    this.handlers = handlers;
  }
  nextReqId() {
    return `${this.opts.name}-${++this.reqSeq}`;
  }
  /** Connect and log in; resolves with the venue's login answer. */
  async connect() {
    if (this.stateValue === "CONNECTED" && this.login) return this.login;
    this.moveTo("CONNECTING");
    try {
      const login = await this.establish();
      if (this.stateValue !== "CONNECTING") throw notConnected("connect", this.stateValue);
      this.attempts = 0;
      this.handlers?.onLogin?.(login, false);
      this.moveTo("CONNECTED");
      return login;
    } catch (err) {
      this.dropSocket();
      if (this.stateValue === "CONNECTING") this.moveTo("DISCONNECTED", { reason: err.message });
      throw err;
    }
  }
  /** Close the session for good: every timer, pending request and the socket are released. */
  async disconnect() {
    if (this.stateValue !== "CLOSED") this.moveTo("CLOSED");
    for (const t of this.timers) this.opts.clock.cancelTimer(t);
    this.timers.clear();
    this.rejectPending(new EngineError("VENUE_DISCONNECTED", "expected an answer from the venue, received a client disconnect", {}));
    const ws = this.ws;
    this.ws = void 0;
    this.sessionReady = false;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise((resolve) => {
      ws.once("close", () => resolve());
      if (ws.readyState === WebSocket.OPEN) ws.close(1e3, "client disconnect");
      else ws.terminate();
      const t = `${this.timerPrefix}-close`;
      this.opts.clock.setTimeAlert(t, this.opts.clock.timestampNs() + msToNs(1e3), () => ws.terminate());
      ws.once("close", () => this.opts.clock.cancelTimer(t));
    });
  }
  /** Send a frame that is answered by events (commands); throws VENUE_NOT_CONNECTED when offline. */
  send(frame) {
    const ws = this.ws;
    if (!this.sessionReady || !ws || ws.readyState !== WebSocket.OPEN) throw notConnected(frame.type, this.stateValue);
    this.write(ws, frame);
  }
  /** Send a request and wait for its answer of one of the `expect` types, at most `requestTimeoutMs`. */
  request(frame, expect) {
    const ws = this.ws;
    const loggingIn = frame.type === "login";
    if (!loggingIn && !this.sessionReady || !ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(notConnected(frame.type, this.stateValue));
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = this.opts.requestTimeoutMs ?? 5e3;
      queueMicrotask(() => this.resumeReading());
      const timer = `${this.timerPrefix}-req-${frame.reqId}`;
      this.pending.set(frame.reqId, { expect, timer, resolve, reject });
      this.alert(timer, timeoutMs, () => {
        if (!this.pending.delete(frame.reqId)) return;
        reject(
          new EngineError("VENUE_QUERY_TIMEOUT", `${frame.type} ${frame.reqId}: expected ${expect.join(" or ")} within ${timeoutMs} ms, received nothing`, {
            reqId: frame.reqId,
            request: frame.type,
            timeoutMs
          })
        );
      });
      this.write(ws, frame);
    });
  }
  write(ws, frame) {
    this.stats.framesOut++;
    ws.send(JSON.stringify(frame));
  }
  async establish() {
    const ws = await this.openSocket();
    this.ws = ws;
    this.sessionReady = false;
    this.readPaused = false;
    this.held = [];
    ws.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    ws.on("close", (code, reason) => this.onClose(ws, code, reason.toString()));
    const timestamp = this.opts.clock.timestampNs().toString();
    const nonce = newNonce();
    const reqId = this.nextReqId();
    const frame = { type: "login", reqId, apiKey: this.opts.apiKey, timestamp, nonce, signature: signLogin(this.opts.apiSecret, timestamp, nonce) };
    try {
      const login = await this.request(frame, ["login_ok"]);
      this.login = login;
      this.sessionReady = this.ws === ws;
      return login;
    } catch (err) {
      const e = err;
      if (e.code === "VENUE_REQUEST_FAILED") {
        throw new EngineError("VENUE_LOGIN_FAILED", `login as '${this.opts.apiKey}': expected login_ok, received ${String(e.details.venueCode)}: ${String(e.details.venueMessage)}`, {
          venueCode: e.details.venueCode,
          venueMessage: e.details.venueMessage
        });
      }
      throw err;
    }
  }
  openSocket() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.opts.url, { maxPayload: MAX_SOCKET_FRAME_BYTES });
      const timeoutMs = this.opts.connectTimeoutMs ?? 5e3;
      const timer = `${this.timerPrefix}-connect`;
      let settled = false;
      const fail = (e) => {
        if (settled) return;
        settled = true;
        this.cancel(timer);
        ws.terminate();
        reject(e);
      };
      this.alert(timer, timeoutMs, () => fail(new EngineError("VENUE_CONNECT_TIMEOUT", `${this.opts.url}: expected an open WebSocket within ${timeoutMs} ms, received none`, { url: this.opts.url })));
      ws.on("error", (err) => fail(new EngineError("VENUE_CONNECT_FAILED", `${this.opts.url}: expected an open WebSocket, received ${err.message}`, { url: this.opts.url })));
      ws.once("open", () => {
        if (settled) return;
        settled = true;
        this.cancel(timer);
        resolve(ws);
      });
    });
  }
  onMessage(data, isBinary) {
    if (this.readPaused) {
      this.held.push({ data, isBinary });
      return;
    }
    this.handleMessage(data, isBinary);
  }
  handleMessage(data, isBinary) {
    this.stats.framesIn++;
    const text = Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data).toString("utf8");
    if (isBinary) return this.malformed("expected a text frame holding JSON, received a binary frame", void 0);
    const parsed = parseServerFrame(text);
    if (!parsed.ok) return this.malformed(`${parsed.code}: ${parsed.message}`, text);
    const frame = parsed.frame;
    const reqId = "reqId" in frame ? frame.reqId : void 0;
    const p = reqId !== void 0 ? this.pending.get(reqId) : void 0;
    if (p && reqId !== void 0) {
      if (frame.type === "error") {
        this.settle(reqId, p);
        return p.reject(
          new EngineError("VENUE_REQUEST_FAILED", `${reqId}: expected ${p.expect.join(" or ")}, received error ${frame.code}: ${frame.message}`, {
            reqId,
            venueCode: frame.code,
            venueMessage: frame.message
          })
        );
      }
      if (p.expect.includes(frame.type)) {
        this.settle(reqId, p);
        return p.resolve(frame);
      }
    }
    this.handlers?.onFrame(frame);
    if (this.pending.size === 0 && this.ws !== void 0) {
      const ready = this.handlers?.whenReady?.();
      if (ready !== void 0) this.pauseReading(ready);
    }
  }
  /** Stop reading the socket until `ready` resolves (TCP then holds the venue back: §5 back-pressure). */
  pauseReading(ready) {
    if (this.readPaused) return;
    this.readPaused = true;
    this.stats.readPauses++;
    this.ws?.pause();
    void ready.then(() => this.resumeReading());
  }
  /** Hand over the held frames in order (pausing again if the consumer fills up), then read the socket again. */
  resumeReading() {
    if (!this.readPaused) return;
    this.readPaused = false;
    while (this.held.length > 0 && !this.readPaused) {
      const { data, isBinary } = this.held.shift();
      this.handleMessage(data, isBinary);
    }
    if (!this.readPaused) this.ws?.resume();
  }
  settle(reqId, p) {
    this.pending.delete(reqId);
    this.cancel(p.timer);
  }
  malformed(reason, raw) {
    this.stats.malformed++;
    this.handlers?.onMalformed({ reason, ...raw !== void 0 ? { raw: raw.slice(0, 2e3) } : {} });
  }
  onClose(ws, code, reason) {
    if (this.ws !== ws) return;
    this.ws = void 0;
    this.readPaused = false;
    for (const { data, isBinary } of this.held.splice(0)) this.handleMessage(data, isBinary);
    this.sessionReady = false;
    const why = `connection closed (${code}${reason ? ` ${reason}` : ""})`;
    this.rejectPending(new EngineError("VENUE_DISCONNECTED", `expected an answer from the venue, received a ${why}`, { code, reason }));
    if (this.stateValue !== "CONNECTED") return;
    if (this.opts.reconnect === false) return this.moveTo("DISCONNECTED", { reason: why });
    this.moveTo("RECONNECTING", { reason: why });
    this.scheduleReconnect();
  }
  scheduleReconnect() {
    const r = this.opts.reconnect || {};
    const delay = Math.min((r.initialDelayMs ?? 250) * (r.factor ?? 2) ** this.attempts, r.maxDelayMs ?? 1e4);
    this.alert(`${this.timerPrefix}-reconnect`, delay, () => void this.reconnectOnce());
  }
  async reconnectOnce() {
    if (this.stateValue !== "RECONNECTING") return;
    try {
      const login = await this.establish();
      if (this.stateValue !== "RECONNECTING") return;
      this.attempts = 0;
      this.stats.reconnects++;
      this.handlers?.onLogin?.(login, true);
      this.moveTo("CONNECTED", { reconnected: true });
    } catch (err) {
      this.dropSocket();
      if (this.stateValue !== "RECONNECTING") return;
      this.attempts++;
      const e = err;
      const permanent = e.code === "VENUE_LOGIN_FAILED" && PERMANENT_LOGIN_CODES.has(String(e.details.venueCode));
      const max = (this.opts.reconnect || {}).maxAttempts;
      if (permanent || max !== void 0 && this.attempts >= max) {
        return this.moveTo("DISCONNECTED", { reason: `reconnection abandoned after ${this.attempts} attempts: ${e.message}` });
      }
      this.scheduleReconnect();
    }
  }
  dropSocket() {
    const ws = this.ws;
    this.ws = void 0;
    this.sessionReady = false;
    ws?.terminate();
  }
  rejectPending(err) {
    for (const [, p] of this.pending) {
      this.cancel(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }
  moveTo(state, info) {
    this.stateValue = nextConnectionState(this.stateValue, state);
    this.handlers?.onState(state, info);
  }
  alert(name, afterMs, fn) {
    this.timers.add(name);
    this.opts.clock.setTimeAlert(name, this.opts.clock.timestampNs() + msToNs(afterMs), () => {
      this.timers.delete(name);
      fn();
    });
  }
  cancel(name) {
    if (this.timers.delete(name)) this.opts.clock.cancelTimer(name);
  }
};
function notConnected(what, state) {
  return new EngineError("VENUE_NOT_CONNECTED", `${what}: expected a CONNECTED venue session, received state ${state}`, { state, request: what });
}

// ../../work/keel-E/src/engine/venue/sandbox/execution-client.ts
var MAX_REMEMBERED_COMMANDS = 1e4;
var SandboxExecutionClient = class {
  constructor(opts) {
    this.opts = opts;
    this.venue = opts.venue;
    this.clientId = opts.clientId ?? opts.venue;
    this.account = opts.accountId ?? "";
    this.conn = new VenueConnection({
      url: opts.url,
      apiKey: opts.apiKey,
      apiSecret: opts.apiSecret,
      clock: opts.clock,
      name: `${this.clientId}-EXEC`,
      ...opts.requestTimeoutMs !== void 0 ? { requestTimeoutMs: opts.requestTimeoutMs } : {},
      ...opts.reconnect !== void 0 ? { reconnect: opts.reconnect } : {}
    });
    this.conn.setHandlers({
      onFrame: (f) => this.onFrame(f),
      onState: (state, info) => this.sink?.onConnectionState(state, info),
      onMalformed: (d) => this.sink?.onMalformed?.(d),
      whenReady: () => this.sink?.whenReady?.(),
      onLogin: (login) => {
        this.oms = login.omsType;
        this.account = login.accountId;
      }
    });
  }
  opts;
  clientId;
  venue;
  account;
  oms = "UNSPECIFIED";
  sink;
  conn;
  commands = /* @__PURE__ */ new Map();
  get accountId() {
    return this.account;
  }
  get omsType() {
    return this.oms;
  }
  get connectionState() {
    return this.conn.state;
  }
  /** Frames that failed validation since creation. */
  get malformedCount() {
    return this.conn.stats.malformed;
  }
  get reconnectCount() {
    return this.conn.stats.reconnects;
  }
  /** How many times reading the venue stopped because the engine's event queue was full (back-pressure). */
  get readPauseCount() {
    return this.conn.stats.readPauses;
  }
  setSink(sink) {
    this.sink = sink;
  }
  async connect() {
    const login = await this.conn.connect();
    if (this.opts.accountId !== void 0 && login.accountId !== this.opts.accountId) {
      await this.conn.disconnect();
      throw new EngineError("VENUE_ACCOUNT_MISMATCH", `login as '${this.opts.apiKey}': expected account ${this.opts.accountId}, received ${login.accountId}`, {
        expected: this.opts.accountId,
        received: login.accountId
      });
    }
  }
  disconnect() {
    this.commands.clear();
    return this.conn.disconnect();
  }
  // ---- commands ------------------------------------------------------------------------------------
  submitOrder(c) {
    const reqId = this.remember({ kind: "submit", instrumentId: c.instrumentId, orders: [{ clientOrderId: c.clientOrderId }] });
    this.conn.send({ type: "submit_order", reqId, order: toWireOrder(c.order, c.positionId) });
  }
  submitOrderList(c) {
    const reqId = this.remember({ kind: "submit", instrumentId: c.instrumentId, orders: c.orders.map((o) => ({ clientOrderId: o.clientOrderId })) });
    this.conn.send({ type: "submit_order_list", reqId, orderListId: c.orderListId, orders: c.orders.map((o) => toWireOrder(o, c.positionId)) });
  }
  modifyOrder(c) {
    const reqId = this.remember({ kind: "modify", instrumentId: c.instrumentId, orders: [ref2(c)] });
    this.conn.send({
      type: "modify_order",
      reqId,
      ...wireRef(c),
      ...c.quantity ? { quantity: c.quantity.toString() } : {},
      ...c.price ? { price: c.price.toString() } : {},
      ...c.triggerPrice ? { triggerPrice: c.triggerPrice.toString() } : {}
    });
  }
  cancelOrder(c) {
    const reqId = this.remember({ kind: "cancel", instrumentId: c.instrumentId, orders: [ref2(c)] });
    this.conn.send({ type: "cancel_order", reqId, ...wireRef(c) });
  }
  cancelAllOrders(c) {
    const reqId = this.remember({ kind: "cancel_all", instrumentId: c.instrumentId, orders: [] });
    this.conn.send({ type: "cancel_all", reqId, instrumentId: c.instrumentId, ...c.side ? { side: c.side } : {} });
  }
  queryOrder(c) {
    this.generateOrderStatusReport({ instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, ...c.venueOrderId ? { venueOrderId: c.venueOrderId } : {} }).then(
      (r) => r && this.sink?.onOrderStatusReport(r),
      () => void 0
    );
  }
  // ---- reports -------------------------------------------------------------------------------------
  async generateOrderStatusReport(q) {
    if (q.clientOrderId === void 0 && q.venueOrderId === void 0) {
      throw new EngineError("REPORT_QUERY_INVALID", "generateOrderStatusReport: expected a clientOrderId or venueOrderId, received neither", {});
    }
    const f = await this.conn.request(
      {
        type: "query_order",
        reqId: this.conn.nextReqId(),
        ...q.instrumentId ? { instrumentId: q.instrumentId } : {},
        ...q.clientOrderId ? { clientOrderId: q.clientOrderId } : {},
        ...q.venueOrderId ? { venueOrderId: q.venueOrderId } : {}
      },
      ["order_status"]
    );
    return f.report ? toOrderStatusReport(f.report, this.now()) : null;
  }
  async generateOrderStatusReports(q) {
    const now = this.now();
    const out = [];
    await this.pages({ type: "query_orders", ...filter(q), openOnly: q.openOnly ?? false }, "order_reports", (f) => {
      for (const r of f.reports) if (matchesIds(q, r)) out.push(toOrderStatusReport(r, now));
    });
    return out;
  }
  async generateFillReports(q) {
    const now = this.now();
    const out = [];
    await this.pages({ type: "query_fills", ...filter(q), ...q.venueOrderId ? { venueOrderId: q.venueOrderId } : {} }, "fill_reports", (f) => {
      for (const r of f.fills) if (matchesIds(q, r)) out.push(toFillReport(r, now));
    });
    return out;
  }
  async generatePositionStatusReports(q) {
    const now = this.now();
    const out = [];
    await this.pages({ type: "query_positions", ...q.instrumentId ? { instrumentId: q.instrumentId } : {} }, "position_reports", (f) => {
      for (const p of f.positions) out.push(toPositionStatusReport(p, now));
    });
    return out;
  }
  /**
   * Orders, fills and positions, fetched page by page (each page under the frame limit, each with its own
   * request timeout: a large history takes as many pages as it needs, none of them long).
   */
  async generateMassStatus(lookbackMins) {
    const start = lookbackMins ? this.now() - BigInt(Math.round(lookbackMins * 6e4)) * 1000000n : void 0;
    const now = this.now();
    const ms2 = { orderReports: [], fillReports: [], positionReports: [] };
    let accountId;
    const accountAnswer = this.queryAccount().catch((e) => isEngineError(e) && e.code === "VENUE_PAGE_INVALID" ? void 0 : Promise.reject(e));
    accountAnswer.catch(() => void 0);
    await this.pages({ type: "mass_status", ...start !== void 0 && start > 0n ? { start: start.toString() } : {} }, "mass_status_reply", (f) => {
      if (accountId !== void 0 && f.accountId !== accountId) {
        throw new EngineError("VENUE_PAGE_INVALID", `mass_status: expected every page for account ${accountId}, received a page for ${f.accountId}`, { expected: accountId, received: f.accountId });
      }
      accountId = f.accountId;
      for (const r of f.orders) ms2.orderReports.push(toOrderStatusReport(r, now));
      for (const r of f.fills) ms2.fillReports.push(toFillReport(r, now));
      for (const p of f.positions) ms2.positionReports.push(toPositionStatusReport(p, now));
    });
    const account = await accountAnswer;
    return { clientId: this.clientId, venue: this.venue, accountId: accountId ?? this.account, ...ms2, ...account !== void 0 ? { account } : {}, tsInit: now };
  }
  /** The account's state now (the answer to query_account). */
  async queryAccount() {
    const f = await this.conn.request({ type: "query_account", reqId: this.conn.nextReqId() }, ["account"]);
    if (f.accountType === void 0 || f.margins === void 0 || f.defaultLeverage === void 0 || f.tsEvent === void 0 || f.balances.some((b) => b.locked === void 0 || b.free === void 0)) {
      throw new EngineError("VENUE_PAGE_INVALID", `query_account: expected an account state (accountType, balances with locked and free, margins), received only ${Object.keys(f).join(", ")}`, { request: "query_account" });
    }
    const { type: _t, reqId: _r, ...state } = f;
    return toAccountState(state, this.venue, "QUERIED", this.now());
  }
  /** Request every page of a list answer, handing each to `take` as it arrives (pages are not all held as frames). */
  async pages(request, expect, take) {
    let cursor;
    const seen = /* @__PURE__ */ new Set();
    for (; ; ) {
      const f = await this.conn.request({ ...request, reqId: this.conn.nextReqId(), ...cursor !== void 0 ? { cursor } : {} }, [expect]);
      take(f);
      cursor = f.nextCursor;
      if (cursor === void 0) return;
      if (seen.has(cursor)) {
        throw new EngineError("VENUE_PAGE_INVALID", `${request.type}: expected a new cursor on each page, received '${cursor}' twice`, { request: request.type, cursor });
      }
      seen.add(cursor);
    }
  }
  // ---- frames from the venue -----------------------------------------------------------------------
  onFrame(f) {
    try {
      if (f.type === "event") return this.onEvent(f.data, f.reqId);
      if (f.type === "account_state") return this.sink?.onAccountState?.(toAccountState(f.state, this.venue, "PUSHED", this.now()));
      if (f.type === "error" && f.reqId !== void 0) return this.onCommandError(f.reqId, f.code, f.message);
    } catch (err) {
      this.conn.stats.malformed++;
      this.sink?.onMalformed?.({ reason: `untranslatable ${f.type} frame: ${err.message}`, raw: JSON.stringify(f).slice(0, 2e3) });
    }
  }
  onEvent(data, reqId) {
    const ctx = reqId !== void 0 ? this.commands.get(reqId) : void 0;
    const fallback = ctx?.orders.length === 1 ? ctx.orders[0].clientOrderId : void 0;
    const event = toVenueOrderEvent(data, fallback);
    if (event) return this.sink?.onOrderEvent(event);
    if (data.event === "OrderFilled") return this.sink?.onFillReport(toFillReport(data.fill, this.now()));
    if (data.venueOrderId !== void 0) this.queryOrder(externalQuery(data.instrumentId, data.venueOrderId));
  }
  onCommandError(reqId, code, message) {
    const ctx = this.commands.get(reqId);
    if (!ctx) return;
    this.commands.delete(reqId);
    const reason = `${code}: ${message}`;
    const tsEvent = this.now();
    for (const o of ctx.orders) {
      const base2 = { instrumentId: ctx.instrumentId, clientOrderId: o.clientOrderId, ...o.venueOrderId ? { venueOrderId: o.venueOrderId } : {}, accountId: this.account, tsEvent };
      let event;
      if (ctx.kind === "submit") event = { ...base2, type: "OrderRejected", reason };
      else if (ctx.kind === "modify") event = { ...base2, type: "OrderModifyRejected", reason };
      else if (ctx.kind === "cancel") event = { ...base2, type: "OrderCancelRejected", reason };
      if (event) this.sink?.onOrderEvent(event);
    }
  }
  remember(ctx) {
    const reqId = this.conn.nextReqId();
    this.commands.set(reqId, ctx);
    if (this.commands.size > MAX_REMEMBERED_COMMANDS) this.commands.delete(this.commands.keys().next().value);
    return reqId;
  }
  now() {
    return this.opts.clock.timestampNs();
  }
};
function ref2(c) {
  return { clientOrderId: c.clientOrderId, ...c.venueOrderId ? { venueOrderId: c.venueOrderId } : {} };
}
function wireRef(c) {
  return { instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, ...c.venueOrderId ? { venueOrderId: c.venueOrderId } : {} };
}
function filter(q) {
  return { ...q.instrumentId ? { instrumentId: q.instrumentId } : {}, ...q.start !== void 0 ? { start: q.start.toString() } : {} };
}
function matchesIds(q, r) {
  return (q.clientOrderId === void 0 || r.clientOrderId === q.clientOrderId) && (q.venueOrderId === void 0 || r.venueOrderId === q.venueOrderId);
}
function externalQuery(instrumentId, venueOrderId) {
  return { type: "QueryOrder", commandId: "", traderId: "", strategyId: "", instrumentId, clientOrderId: "", venueOrderId, tsInit: 0n };
}

// ../../work/keel-E/src/engine/venue/sandbox/market-data-client.ts
var SandboxMarketDataClient = class {
  constructor(opts) {
    this.opts = opts;
    this.venue = opts.venue;
    this.clientId = opts.clientId ?? opts.venue;
    this.conn = new VenueConnection({
      url: opts.url,
      apiKey: opts.apiKey,
      apiSecret: opts.apiSecret,
      clock: opts.clock,
      name: `${this.clientId}-DATA`,
      ...opts.requestTimeoutMs !== void 0 ? { requestTimeoutMs: opts.requestTimeoutMs } : {},
      ...opts.reconnect !== void 0 ? { reconnect: opts.reconnect } : {}
    });
    this.conn.setHandlers({
      onFrame: (f) => this.onFrame(f),
      onState: (state, info) => this.opts.onConnectionState?.(state, info),
      onMalformed: (d) => this.opts.onMalformed?.(d),
      // Before CONNECTED is reported, so no data is missed by a subscriber that waits for it.
      onLogin: () => {
        for (const key of this.subscriptions) this.sendSubscription("subscribe", key);
      }
    });
  }
  opts;
  clientId;
  venue;
  sink;
  conn;
  /** `channel:topic` keys, as the venue names its topics. */
  subscriptions = /* @__PURE__ */ new Set();
  /** Subscribe/unsubscribe requests the venue has not answered yet. */
  unanswered = /* @__PURE__ */ new Set();
  get connectionState() {
    return this.conn.state;
  }
  get malformedCount() {
    return this.conn.stats.malformed;
  }
  /** Current subscriptions as `channel:topic`, sorted. */
  get subscribed() {
    return [...this.subscriptions].sort();
  }
  /**
   * Resolves once the venue has answered every subscription request sent so far (acked, refused or timed
   * out): from then on its data flows, and a quote snapshot sent on subscribe has been delivered.
   */
  async whenSubscribed() {
    while (this.unanswered.size > 0) await Promise.allSettled([...this.unanswered]);
  }
  setSink(sink) {
    this.sink = sink;
  }
  async connect() {
    await this.conn.connect();
  }
  disconnect() {
    return this.conn.disconnect();
  }
  subscribeQuotes(instrumentId) {
    this.change("subscribe", "quotes", instrumentId);
  }
  subscribeTrades(instrumentId) {
    this.change("subscribe", "trades", instrumentId);
  }
  subscribeBars(barType) {
    this.change("subscribe", "bars", barType);
  }
  unsubscribeQuotes(instrumentId) {
    this.change("unsubscribe", "quotes", instrumentId);
  }
  unsubscribeTrades(instrumentId) {
    this.change("unsubscribe", "trades", instrumentId);
  }
  unsubscribeBars(barType) {
    this.change("unsubscribe", "bars", barType);
  }
  change(type, channel, topic) {
    const key = `${channel}:${topic}`;
    if (type === "subscribe") {
      if (this.subscriptions.has(key)) return;
      this.subscriptions.add(key);
    } else if (!this.subscriptions.delete(key)) return;
    if (this.conn.state === "CONNECTED") this.sendSubscription(type, key);
  }
  sendSubscription(type, key) {
    const colon = key.indexOf(":");
    const channel = key.slice(0, colon);
    const topic = key.slice(colon + 1);
    const answered = this.conn.request({ type, reqId: this.conn.nextReqId(), channel, topic }, ["ok"]).catch((err) => {
      this.opts.onMalformed?.({ reason: `${type} ${key}: ${err.message}` });
    });
    this.unanswered.add(answered);
    void answered.finally(() => this.unanswered.delete(answered));
  }
  onFrame(f) {
    const sink = this.sink;
    if (!sink) return;
    const now = this.opts.clock.timestampNs();
    let deliver;
    try {
      if (f.type === "quote") {
        const q = toQuoteTick(f, now);
        deliver = () => sink.onQuote(q);
      } else if (f.type === "trade") {
        const t = toTradeTick(f, now);
        deliver = () => sink.onTrade(t);
      } else if (f.type === "bar") {
        const b = toBar(f, now);
        deliver = () => sink.onBar(b);
      }
    } catch (err) {
      this.conn.stats.malformed++;
      this.opts.onMalformed?.({ reason: `untranslatable ${f.type} frame: ${err.message}`, raw: JSON.stringify(f).slice(0, 2e3) });
      return;
    }
    deliver?.();
  }
};

// ../../work/keel-E/src/engine/execution/account-tracker.ts
function amounts(b) {
  return { total: b.total.toString(), locked: b.locked.toString(), free: b.free.toString() };
}
var FUNDS_REFUSALS = ["INSUFFICIENT_BALANCE", "INSUFFICIENT_MARGIN"];
var AccountTracker = class {
  constructor(o) {
    this.o = o;
    o.bus.subscribe(topics.applied, (a) => this.onApplied(a));
  }
  o;
  rows = [];
  fillsSince = /* @__PURE__ */ new Map();
  /** Venues that reported a state in this process (the cache's state of any other one was restored). */
  live = /* @__PURE__ */ new Set();
  /** The restored state of a venue whose first report arrived before reconciliation compared it. */
  restored = /* @__PURE__ */ new Map();
  /** Account refreshes asked for after a venue's funds refusal. */
  refreshes = 0;
  /** Anomalies so far, oldest first. */
  get anomalies() {
    return this.rows;
  }
  /**
   * The venue's state, taken. The first one a venue sends after a restart is checked against the restored
   * state by start-up reconciliation (fills made while keel was down move balances too), not here.
   */
  onState(state) {
    const before = this.o.cache.account(state.venue);
    const fills = this.fillsSince.get(state.venue) ?? 0;
    const first = !this.live.has(state.venue);
    this.live.add(state.venue);
    if (first && before !== void 0) this.restored.set(state.venue, before);
    if (before !== void 0 && fills === 0 && !first) {
      for (const b of state.balances) {
        const prev = before.balances.find((p) => p.currency === b.currency)?.total;
        if (prev !== void 0 ? prev.eq(b.total) : b.total.isZero()) continue;
        this.anomaly({
          venue: state.venue,
          accountId: state.accountId,
          kind: "BALANCE_MOVED_WITHOUT_FILL",
          tsEvent: state.tsEvent,
          detail: `${b.currency} total: expected ${prev?.toString() ?? "0"} (no fill since the last state), received ${b.total.toString()}`
        });
      }
    }
    this.fillsSince.set(state.venue, 0);
    this.o.cache.setAccount(state);
    this.o.bus.publish(topics.accounts, state);
  }
  /** Ask the venue for its account state now (after a funds refusal: keel's view was stale). */
  async refresh(venue) {
    const client = this.o.client(venue);
    if (client?.queryAccount === void 0) return void 0;
    this.refreshes += 1;
    try {
      const state = await client.queryAccount();
      this.onState(state);
      return state;
    } catch (e) {
      this.anomaly({ venue, accountId: client.accountId, kind: "ACCOUNT_QUERY_FAILED", tsEvent: 0n, detail: `query_account: expected the account state, received ${e.message}` });
      return void 0;
    }
  }
  /**
   * Reconciliation: the venue's account (from its mass status) against keel's: the restored state at start-up,
   * else the latest. A row per currency whose total differs, naming both totals; the venue's state is taken.
   */
  reconcile(ms2, trigger) {
    const venueState = ms2.account;
    if (venueState === void 0) return [];
    const had = this.restored.get(ms2.venue) ?? this.o.cache.account(ms2.venue);
    this.restored.delete(ms2.venue);
    this.live.add(ms2.venue);
    this.fillsSince.set(ms2.venue, 0);
    const rows = [];
    if (had !== void 0) {
      const currencies = [...new Set([...had.balances, ...venueState.balances].map((b) => b.currency))].sort();
      for (const currency of currencies) {
        const k = had.balances.find((b) => b.currency === currency);
        const v = venueState.balances.find((b) => b.currency === currency);
        const same = k !== void 0 && v !== void 0 ? k.total.eq(v.total) : (k ?? v).total.isZero();
        if (same) continue;
        rows.push({
          kind: "account",
          key: `${ms2.venue}:${currency}`,
          instrumentId: "",
          had: k ? amounts(k) : null,
          venue: v ? amounts(v) : { total: "0", locked: "0", free: "0" },
          outcome: "UPDATED",
          events: [],
          createdOrders: [],
          inferredFills: [],
          reason: `${currency} total of ${venueState.accountId}: keel had ${k?.total.toString() ?? "none"}, the venue reports ${v?.total.toString() ?? "none"} (${trigger}; the venue's value is taken)`
        });
      }
    }
    const latest = this.o.cache.account(ms2.venue);
    if (latest === void 0 || latest === had || latest.tsEvent <= venueState.tsEvent) {
      this.o.cache.setAccount(venueState);
      this.o.bus.publish(topics.accounts, venueState);
    }
    return rows;
  }
  onApplied(a) {
    const e = a.event;
    if (e.type !== "OrderFilled" && e.type !== "OrderRejected") return;
    const venue = splitInstrumentId(e.instrumentId).venue;
    if (e.type === "OrderFilled") this.fillsSince.set(venue, (this.fillsSince.get(venue) ?? 0) + 1);
    else if (FUNDS_REFUSALS.some((code) => e.reason.startsWith(code))) void this.refresh(venue);
  }
  anomaly(row) {
    this.rows.push(row);
    if (this.rows.length > 1e3) this.rows.shift();
    this.o.logger.warn(`account anomaly at ${row.venue}: ${row.kind}: ${row.detail}`, { venue: row.venue, accountId: row.accountId, kind: row.kind });
    this.o.bus.publish(topics.accountAnomalies, row);
  }
};

// ../../work/keel-E/src/engine/node/venue-clients.ts
function resolveKeys(v, env = process.env) {
  const apiKey = v.apiKey ?? (v.apiKeyEnv !== void 0 ? env[v.apiKeyEnv] : void 0);
  const apiSecret = v.apiSecret ?? (v.apiSecretEnv !== void 0 ? env[v.apiSecretEnv] : void 0);
  if (!apiKey || !apiSecret) {
    const where = (key, envName) => key ? "given" : envName ? `env ${envName} ${env[envName] ? "set" : "not set"}` : "missing";
    throw new EngineError("VENUE_KEYS_MISSING", `venue ${v.venue}: expected apiKey and apiSecret (in the config or env vars named by apiKeyEnv/apiSecretEnv), received apiKey ${where(v.apiKey, v.apiKeyEnv)}, apiSecret ${where(v.apiSecret, v.apiSecretEnv)}`, {
      venue: v.venue
    });
  }
  return { apiKey, apiSecret };
}
function buildSandboxClients(v, clock, onDataState) {
  const { apiKey, apiSecret } = resolveKeys(v);
  const exec = new SandboxExecutionClient({ venue: v.venue, url: v.url, apiKey, apiSecret, clock, ...v.accountId !== void 0 ? { accountId: v.accountId } : {} });
  const data = new SandboxMarketDataClient({ venue: v.venue, url: v.url, apiKey, apiSecret, clock, ...onDataState ? { onConnectionState: onDataState } : {} });
  return { venue: v.venue, url: v.url, exec, data };
}
function venueStatus(c) {
  return {
    venue: c.venue,
    url: c.url,
    accountId: c.exec.accountId,
    omsType: c.exec.omsType,
    execConnection: c.exec.connectionState,
    dataConnection: c.data.connectionState
  };
}

// ../../work/keel-E/src/engine/config/config-log.ts
var ConfigLog = class {
  constructor(publish, defaultSource = "user") {
    this.publish = publish;
    this.defaultSource = defaultSource;
  }
  publish;
  defaultSource;
  entries = [];
  get changes() {
    return this.entries;
  }
  append(change) {
    this.entries.push(change);
    this.publish(change);
  }
  /** The audit trail continues across restarts: the journal's changes come first, unpublished. */
  restore(changes) {
    this.entries.push(...changes);
  }
};

// ../../work/keel-E/src/engine/config/config-revert.ts
function planRevert(log, changeId) {
  const at = log.findIndex((c) => c.changeId === changeId);
  if (at < 0) {
    const latest = log.at(-1)?.changeId;
    throw new EngineError("CONFIG_CHANGE_UNKNOWN", `revert: expected the id of a change in node.configChanges, received '${changeId}'${latest ? ` (the latest is ${latest})` : " (no change yet)"}`, { changeId });
  }
  const change = log[at];
  if (change.changes.length === 0) {
    throw new EngineError("CONFIG_REVERT_REFUSED", `revert: ${changeId} changed nothing, so there is nothing to undo`, { changeId });
  }
  const keys = new Set(change.changes.map((e) => e.key));
  const later = log.slice(at + 1).find((c) => c.target === change.target && c.changes.some((e) => keys.has(e.key)));
  if (later) {
    const overlap = later.changes.filter((e) => keys.has(e.key)).map((e) => e.key);
    throw new EngineError("CONFIG_REVERT_REFUSED", `revert: ${changeId} cannot be undone: the later change ${later.changeId} also changed ${overlap.join(", ")} of ${change.target}; revert ${later.changeId} first`, {
      changeId,
      blockedBy: later.changeId,
      keys: overlap
    });
  }
  const patch = {};
  for (const e of change.changes) {
    if (e.key.startsWith("params.")) {
      const params = patch["params"] ??= {};
      params[e.key.slice("params.".length)] = e.before;
    } else {
      patch[e.key] = e.before;
    }
  }
  return { change, patch };
}
function revertChange(log, changeId, source, targetOf) {
  const { change, patch } = planRevert(log, changeId);
  const target = targetOf(change.target);
  if (!target) {
    throw new EngineError("CONFIG_REVERT_REFUSED", `revert: ${changeId} changed ${change.target}, which this node no longer has`, { changeId, target: change.target });
  }
  return target.change(patch, source, changeId);
}

// ../../work/keel-E/src/engine/node/live-config.ts
function createConfigLog(bus, defaultSource = "user") {
  return new ConfigLog((change) => bus.publish(topics.configChanges, change), defaultSource);
}
function revertLiveChange(log, changeId, source, t) {
  const { change } = planRevert(log.changes, changeId);
  if (change.changes.some((e) => e.key === "code")) return t.code(change, source);
  return revertChange(log.changes, changeId, source, (target) => {
    if (target === "execEngine") return t.execEngine.liveConfig;
    if (target === "riskEngine") return t.riskEngine.liveConfig;
    if (target === "tradingState") return t.riskEngine.tradingStateConfig;
    return t.strategy(target.slice("strategy:".length))?.liveConfig;
  });
}

// ../../work/keel-E/src/engine/node/fatal-policy.ts
function stopOnFatal(error, graceful, stop, logger, hostOnFatal) {
  const stopped = () => stop().catch((e) => logger.error("stop after a fatal error failed", { error: String(e) }));
  if (graceful) return void stopped();
  logger.error("the node stopped after an unexpected error", { error: error instanceof Error ? error.message : String(error) });
  void stopped().then(() => hostOnFatal?.(error));
}

// ../../work/keel-E/src/engine/node/strategy-swap.ts
var StrategySwap = class {
  constructor(d) {
    this.d = d;
  }
  d;
  previous = /* @__PURE__ */ new Map();
  seq = 0;
  /** Swap strategy `id`'s code for `next`'s; checks everything before touching anything. */
  replace(id, next, source, revertOf) {
    const by = this.checkSource(source);
    const current = this.d.registry.get(id);
    if (!current) {
      const ids = this.d.registry.all().map((s) => s.id);
      throw new EngineError("STRATEGY_UNKNOWN", `replaceStrategy: expected the id of a strategy of this node (${ids.join(", ") || "none"}), received ${id}`, { strategyId: id, strategies: ids });
    }
    const refuse = (expected, received) => new EngineError("STRATEGY_SWAP_REFUSED", `replaceStrategy(${id}): expected ${expected}, received ${received}`, { strategyId: id, next: next.id });
    if (current.state !== "RUNNING") throw refuse("a RUNNING strategy", `one ${current.state}`);
    if (next.isRegistered || this.d.registry.all().includes(next)) throw refuse("a new strategy object", `${next.id}, already added to a node`);
    if (next.strategyName !== current.strategyName || next.orderIdTag !== void 0 && next.orderIdTag !== current.orderIdTag) {
      throw refuse(`a strategy with the id ${id} (strategyId '${current.strategyName}')`, next.id);
    }
    const taken = next.config.externalOrderClaims.map((i) => [i, this.d.claims.owner(i)]).filter(([, o]) => o !== void 0 && o !== id);
    if (taken.length > 0) throw refuse("external order claims no other strategy holds", taken.map(([i, o]) => `${i} (claimed by ${o})`).join(", "));
    if (next.orderIdTag === void 0) next.assignOrderIdTag(current.orderIdTag);
    const before = { cls: current.constructor, config: current.config };
    current.stop();
    this.d.registry.replace(current, next);
    this.d.takeOver(next, current);
    next.start();
    const tsEvent = this.d.clock.timestampNs();
    const change = {
      kind: "ConfigChange",
      changeId: `CC-${id}-code-${tsEvent}-${++this.seq}`,
      target: `strategy:${id}`,
      source: revertOf === void 0 ? by : `${by} (revert ${revertOf})`,
      ...revertOf !== void 0 ? { revertOf } : {},
      tsEvent,
      changes: [{ key: "code", before: current.constructor.name, after: next.constructor.name }]
    };
    this.previous.set(change.changeId, before);
    this.d.audit.append(change);
    return change;
  }
  /** Undo a swap: the class that ran before it, with its config then, swapped back in. */
  revert(change, source) {
    const prev = this.previous.get(change.changeId);
    if (!prev) {
      throw new EngineError("CONFIG_REVERT_REFUSED", `revert: ${change.changeId} swapped the code of ${change.target} in an earlier run of the node; its previous class is not loaded here`, {
        changeId: change.changeId,
        target: change.target
      });
    }
    return this.replace(change.target.slice("strategy:".length), new prev.cls(prev.config), source, change.changeId);
  }
  checkSource(source) {
    if (source === void 0) return this.d.audit.defaultSource;
    if (typeof source === "string" && (CONFIG_SOURCES.includes(source) || ATTACH_SOURCE.test(source))) return source;
    throw new EngineError("CONFIG_INVALID", `replaceStrategy: expected the source as one of ${CONFIG_SOURCES.join(", ")} or attach:KEY-ID, received ${String(source)}`, { key: "source", received: String(source) });
  }
};

// ../../work/keel-E/src/engine/node/node-strategies.ts
var NodeStrategies = class {
  constructor(d) {
    this.d = d;
    this.swap = new StrategySwap({ registry: d.registry, clock: d.clock, audit: d.audit, claims: d.claims, takeOver: (next, previous) => d.attach(next, previous) });
  }
  d;
  swap;
  /** Hot swap a running strategy's code keeping its id, orders and links (see strategy-swap.ts). */
  replace(id, next, source) {
    return this.swap.replace(id, next, source);
  }
  /** Undo a hot swap (a `code` change): the previous class swapped back in. */
  revertSwap(change, source) {
    return this.swap.revert(change, source);
  }
  /** Add a strategy (tags `000`, `001`... in order added); while trading it is started at once. */
  add(strategy) {
    this.d.registry.add(strategy);
    try {
      this.d.attach(strategy);
    } catch (error) {
      this.d.registry.remove(strategy);
      throw error;
    }
    if (this.d.trading()) strategy.start();
    return strategy;
  }
  /** Remove a strategy; refused while it has open orders unless `cancelOrders` (then they are cancelled first). */
  async remove(strategy, options) {
    const open = this.d.cache.ordersOpen({ strategyId: strategy.id });
    if (open.length > 0 && options.cancelOrders !== true) {
      throw new EngineError("STRATEGY_HAS_OPEN_ORDERS", `removeStrategy(${strategy.id}): expected no open orders (or { cancelOrders: true }), received ${open.length} open`, {
        strategyId: strategy.id,
        openOrders: open.map((o) => o.clientOrderId)
      });
    }
    if (open.length > 0) {
      strategy.cancelAllOrders();
      await this.d.settle((o) => o.strategyId === strategy.id);
    }
    strategy.dispose();
    this.d.registry.remove(strategy);
  }
};

// ../../work/keel-E/src/engine/portfolio/instrument-book.ts
var ZERO2 = Decimal.zero(0);
var InstrumentBook = class {
  constructor(instrumentId, currency) {
    this.instrumentId = instrumentId;
    this.currency = currency;
  }
  instrumentId;
  currency;
  contributions = /* @__PURE__ */ new Map();
  /** The realized PnL of each position's current cycle as last seen (a reopened position starts again at 0). */
  realizedSeen = /* @__PURE__ */ new Map();
  longQty = ZERO2;
  longCost = ZERO2;
  shortQty = ZERO2;
  shortCost = ZERO2;
  /** The smallest precision of the positions' average prices seen: the instrument's price precision. */
  pricePrecision = 16;
  bid;
  ask;
  source;
  /** Any position open (long or short): only then does a mark change a figure. */
  open = false;
  realized = ZERO2;
  version = 0;
  memo;
  get netQty() {
    return this.longQty.add(this.shortQty);
  }
  /** The price the net position is marked at: bid when net long, ask when net short (bid when flat). */
  get mark() {
    return this.netQty.isNegative() ? this.ask : this.bid;
  }
  /** Quantity-weighted average open price of the positions on the net's side; undefined when flat. */
  get avgPx() {
    const net = this.netQty;
    if (net.isZero()) return void 0;
    const [qty2, cost] = net.isPositive() ? [this.longQty, this.longCost] : [this.shortQty, this.shortCost];
    let avg = cost.div(qty2, this.pricePrecision + 4);
    while (avg.precision > this.pricePrecision && avg.raw % 10n === 0n) avg = Decimal.fromRaw(avg.raw / 10n, avg.precision - 1);
    return Price.fromRaw(avg.raw, avg.precision);
  }
  /** undefined: a position is open and has no mark yet. */
  get unrealized() {
    return this.figures().unrealized;
  }
  /** |net qty| × mark; undefined: open with no mark. */
  get exposure() {
    return this.figures().exposure;
  }
  /** A position changed: swap its old contribution for the new one. Returns the change in realized PnL. */
  applyPosition(event) {
    const signed = Decimal.from(event.signedQty);
    if (event.avgPxOpen.precision < this.pricePrecision) this.pricePrecision = event.avgPxOpen.precision;
    const old = this.contributions.get(event.positionId);
    if (old) this.add(old, -1);
    if (signed.isZero()) this.contributions.delete(event.positionId);
    else {
      const next = { signed, cost: event.avgPxOpen.mul(signed) };
      this.contributions.set(event.positionId, next);
      this.add(next, 1);
    }
    this.open = !this.longQty.isZero() || !this.shortQty.isZero();
    this.version += 1;
    const seen = event.type === "PositionOpened" ? ZERO2 : this.realizedSeen.get(event.positionId) ?? ZERO2;
    const realized = event.realizedPnl.amount;
    this.realizedSeen.set(event.positionId, realized);
    const delta = realized.sub(seen);
    this.realized = this.realized.add(delta);
    return delta;
  }
  setQuote(bid, ask) {
    this.bid = bid;
    this.ask = ask;
    this.source = "quote";
  }
  /** A bar marks the instrument only while it has never had a quote (bars-only data). False: ignored. */
  setBarClose(close) {
    if (this.source === "quote") return false;
    this.bid = close;
    this.ask = close;
    this.source = "bar";
    return true;
  }
  add(c, sign) {
    const qty2 = sign === 1 ? c.signed : c.signed.neg();
    const cost = sign === 1 ? c.cost : c.cost.neg();
    if (c.signed.isPositive()) {
      this.longQty = this.longQty.add(qty2);
      this.longCost = this.longCost.add(cost);
    } else {
      this.shortQty = this.shortQty.add(qty2);
      this.shortCost = this.shortCost.add(cost);
    }
  }
  figures() {
    const m = this.memo;
    if (m !== void 0 && m.bid === this.bid && m.ask === this.ask && m.version === this.version) return m;
    const next = { bid: this.bid, ask: this.ask, version: this.version, ...this.compute() };
    this.memo = next;
    return next;
  }
  compute() {
    const longOpen = !this.longQty.isZero();
    const shortOpen = !this.shortQty.isZero();
    if (!longOpen && !shortOpen) return { unrealized: ZERO2, exposure: ZERO2 };
    if (longOpen && this.bid === void 0 || shortOpen && this.ask === void 0) return { unrealized: void 0, exposure: void 0 };
    let u = ZERO2;
    if (longOpen) u = u.add(this.bid.mul(this.longQty).sub(this.longCost));
    if (shortOpen) u = u.add(this.ask.mul(this.shortQty).sub(this.shortCost));
    const mark = this.mark;
    return { unrealized: u, exposure: mark === void 0 ? void 0 : this.netQty.abs().mul(mark) };
  }
};

// ../../work/keel-E/src/engine/portfolio/currency-totals.ts
var DAY_NS = 86400000000000n;
var ZERO3 = Decimal.zero(0);
function utcDayStart(ns) {
  return ns - (ns % DAY_NS + DAY_NS) % DAY_NS;
}
var CurrencyTotals = class {
  constructor(currency, nowNs) {
    this.currency = currency;
    this.nextDayNs = utcDayStart(nowNs) + DAY_NS;
  }
  currency;
  realized = ZERO3;
  books = [];
  realizedAtDayStart = ZERO3;
  unrealizedAtDayStart = ZERO3;
  nextDayNs;
  get unrealized() {
    let u = ZERO3;
    for (const b of this.books) if (b.open) u = u.add(b.unrealized ?? ZERO3);
    return u;
  }
  get exposure() {
    let e = ZERO3;
    for (const b of this.books) if (b.open) e = e.add(b.exposure ?? ZERO3);
    return e;
  }
  dayPnl(nowNs) {
    this.roll(nowNs);
    return this.realized.sub(this.realizedAtDayStart).add(this.unrealized.sub(this.unrealizedAtDayStart));
  }
  /** Take the day's baseline if `nowNs` is past the day's end (idempotent within a day). */
  roll(nowNs) {
    if (nowNs < this.nextDayNs) return;
    this.realizedAtDayStart = this.realized;
    this.unrealizedAtDayStart = this.unrealized;
    this.nextDayNs = utcDayStart(nowNs) + DAY_NS;
  }
};

// ../../work/keel-E/src/engine/portfolio/portfolio.ts
var Portfolio = class {
  constructor(options) {
    this.options = options;
    this.accountBalances = options.accountBalances;
    this.subscription = options.bus.subscribe(topics.applied, (a) => {
      for (const p of a.positions) this.onPosition(p.event);
    });
    this.rebuild();
    this.armDayStart();
  }
  options;
  books = /* @__PURE__ */ new Map();
  totals = /* @__PURE__ */ new Map();
  listeners = [];
  accountBalances;
  subscription;
  /**
   * At each UTC midnight the day's baseline is taken (a time alert on the node's clock: the quote path
   * never reads the clock).
   */
  armDayStart() {
    const { clock } = this.options;
    clock.setTimeAlert(DAY_START_ALERT, utcDayStart(clock.timestampNs()) + DAY_NS, (e) => {
      for (const t of this.totals.values()) t.roll(e.tsEvent);
      this.armDayStart();
    });
  }
  /** Wire the account state (equity = balance total + unrealized; margin used as the account says). */
  setAccountBalances(provider) {
    this.accountBalances = provider;
  }
  /** Told (with the currency) after every change of a figure: the loss circuit breaker listens here. */
  onChange(listener) {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
  /**
   * Start again from the cache's positions (after a journal restore or start-up reconciliation): each
   * position counts with its current cycle's realized PnL. Not on the quote path.
   */
  rebuild() {
    this.books.clear();
    this.totals.clear();
    const now = this.options.clock.timestampNs();
    for (const p of this.options.cache.positions()) this.onPosition(positionEvent(p, p.tsLast, { tsInit: now }), false);
    for (const book of this.books.values()) {
      const q = this.options.cache.quote(book.instrumentId);
      if (q) this.onQuote(q);
    }
  }
  dispose() {
    this.subscription();
    this.options.clock.cancelTimer(DAY_START_ALERT);
    this.listeners.length = 0;
  }
  /** The new mark of an instrument the portfolio holds (a field store; the figures follow when read). */
  onQuote(q) {
    const book = this.books.get(q.instrumentId);
    if (book === void 0) return;
    book.setQuote(q.bid, q.ask);
    if (book.open) this.notify(book.currency);
  }
  onBar(b) {
    const book = this.books.get(b.instrumentId);
    if (book === void 0) return;
    if (book.setBarClose(b.close) && book.open) this.notify(book.currency);
  }
  onPosition(event, notify = true) {
    let book = this.books.get(event.instrumentId);
    if (book === void 0) {
      book = new InstrumentBook(event.instrumentId, event.realizedPnl.currency);
      this.books.set(event.instrumentId, book);
      const q = this.options.cache.quote(event.instrumentId);
      if (q) book.setQuote(q.bid, q.ask);
    }
    const totals = this.currency(book);
    totals.roll(this.options.clock.timestampNs());
    totals.realized = totals.realized.add(book.applyPosition(event));
    if (notify) this.notify(book.currency);
  }
  notify(currency) {
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i](currency);
  }
  /** The book's currency totals (created with the book: the book joins its currency's list once). */
  currency(book) {
    let t = this.totals.get(book.currency);
    if (t === void 0) {
      t = new CurrencyTotals(book.currency, this.options.clock.timestampNs());
      this.totals.set(book.currency, t);
    }
    if (!t.books.includes(book)) t.books.push(book);
    return t;
  }
  // --- the read side --------------------------------------------------------------------------------
  netPosition(instrumentId) {
    return this.books.get(instrumentId)?.netQty ?? Decimal.zero(0);
  }
  avgPx(instrumentId) {
    return this.books.get(instrumentId)?.avgPx;
  }
  realizedPnl(instrumentId) {
    const b = this.books.get(instrumentId);
    return b === void 0 ? void 0 : money(b.realized, b.currency);
  }
  unrealizedPnl(instrumentId) {
    const b = this.books.get(instrumentId);
    return b?.unrealized === void 0 ? void 0 : money(b.unrealized, b.currency);
  }
  totalPnl(instrumentId) {
    const b = this.books.get(instrumentId);
    return b?.unrealized === void 0 ? void 0 : money(b.realized.add(b.unrealized), b.currency);
  }
  exposure(instrumentId) {
    const b = this.books.get(instrumentId);
    return b?.exposure === void 0 ? void 0 : money(b.exposure, b.currency);
  }
  isFlat(instrumentId) {
    return this.netPosition(instrumentId).isZero();
  }
  isNetLong(instrumentId) {
    return this.netPosition(instrumentId).isPositive();
  }
  isNetShort(instrumentId) {
    return this.netPosition(instrumentId).isNegative();
  }
  dayPnl(currency) {
    const t = this.totals.get(currency);
    return money(t === void 0 ? Decimal.zero(0) : t.dayPnl(this.options.clock.timestampNs()), currency);
  }
  /** The currencies the portfolio has figures in. */
  currencies() {
    return [...this.totals.keys()];
  }
  equity(currency) {
    const balance = this.accountBalances?.(currency);
    if (balance === void 0) return void 0;
    return money(balance.total.amount.add(this.totals.get(currency)?.unrealized ?? Decimal.zero(0)), currency);
  }
  marginUsed(currency) {
    return this.accountBalances?.(currency)?.marginUsed;
  }
  summary() {
    const now = this.options.clock.timestampNs();
    const instruments = [...this.books.values()].map((b) => ({
      instrumentId: b.instrumentId,
      currency: b.currency,
      netQty: b.netQty.toString(),
      avgPx: b.avgPx?.toString() ?? null,
      realizedPnl: money(b.realized, b.currency).toString(),
      unrealizedPnl: b.unrealized === void 0 ? null : money(b.unrealized, b.currency).toString(),
      totalPnl: b.unrealized === void 0 ? null : money(b.realized.add(b.unrealized), b.currency).toString(),
      exposure: b.exposure === void 0 ? null : money(b.exposure, b.currency).toString(),
      mark: b.mark?.toString() ?? null,
      markSource: b.source ?? null
    }));
    const currencies = [...this.totals.values()].map((t) => ({
      currency: t.currency,
      realizedPnl: money(t.realized, t.currency).toString(),
      unrealizedPnl: money(t.unrealized, t.currency).toString(),
      totalPnl: money(t.realized.add(t.unrealized), t.currency).toString(),
      exposure: money(t.exposure, t.currency).toString(),
      dayPnl: money(t.dayPnl(now), t.currency).toString(),
      equity: this.equity(t.currency)?.toString() ?? null,
      marginUsed: this.marginUsed(t.currency)?.toString() ?? null
    }));
    return { kind: "PortfolioSummary", instruments, currencies, tsEvent: now };
  }
};
var DAY_START_ALERT = "PORTFOLIO-DAY-START";
function money(amount, currency) {
  return new Money(amount.div(1, currencyPrecision(currency)), currency);
}

// ../../work/keel-E/src/engine/risk/loss-circuit-breaker.ts
var DAY_NS2 = 86400000000000n;
var STRICTNESS = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };
var LossCircuitBreaker = class {
  constructor(o) {
    this.o = o;
  }
  o;
  tripped;
  parsed = /* @__PURE__ */ new Map();
  /** Whether the breaker has tripped today under the current limit. */
  get isTripped() {
    return this.latched(this.o.clock.timestampNs());
  }
  check(currency) {
    const limit = this.o.riskEngine.config.maxDailyLoss;
    if (limit === null) return;
    if (limit.currency !== void 0 && limit.currency !== currency) return;
    const now = this.o.clock.timestampNs();
    if (this.latched(now)) return;
    const pnl = this.o.dayPnl(currency);
    const amount = this.amount(limit.amount);
    if (pnl.amount.gt(amount.neg())) return;
    this.trip(currency, pnl, amount, now);
  }
  trip(currency, pnl, amount, now) {
    const limit = this.o.riskEngine.config.maxDailyLoss;
    this.tripped = { day: now / DAY_NS2, limit: JSON.stringify(limit) };
    const from = this.o.riskEngine.tradingState;
    const target = this.o.riskEngine.config.onDailyLoss;
    const to = STRICTNESS[target] > STRICTNESS[from] ? target : from;
    const max = `${amount.toString()} ${currency}`;
    const reason = `loss circuit breaker: day PnL ${pnl.toString()} at or below -${max}`;
    const change = to === from ? void 0 : this.o.riskEngine.setTradingState(to, reason, "circuit-breaker");
    this.o.logger.error(`LOSS CIRCUIT BREAKER: day PnL ${pnl.toString()} reached the maximum daily loss of ${max}; trading state ${from} -> ${to}`, {
      currency,
      dayPnl: pnl.toString(),
      maxDailyLoss: max,
      from,
      to,
      changeId: change?.changeId
    });
    this.o.publish({ type: "CircuitBreakerTripped", currency, dayPnl: pnl.toString(), maxDailyLoss: max, from, to, changeId: change?.changeId, tsEvent: now });
  }
  latched(now) {
    const t = this.tripped;
    return t !== void 0 && t.day === now / DAY_NS2 && t.limit === JSON.stringify(this.o.riskEngine.config.maxDailyLoss);
  }
  amount(text) {
    let d = this.parsed.get(text);
    if (d === void 0) {
      d = Decimal.from(text);
      if (this.parsed.size < 64) this.parsed.set(text, d);
    }
    return d;
  }
};

// ../../work/keel-E/src/engine/node/node-portfolio.ts
function wirePortfolio(d) {
  const portfolio = new Portfolio({ cache: d.cache, bus: d.bus, clock: d.clock });
  const breaker = new LossCircuitBreaker({
    riskEngine: d.riskEngine,
    clock: d.clock,
    logger: d.logger,
    dayPnl: (currency) => portfolio.dayPnl(currency),
    publish: (event) => d.bus.publish(topics.circuitBreaker, event)
  });
  if (d.enabled === false) {
    portfolio.dispose();
    return { portfolio, breaker };
  }
  portfolio.onChange((currency) => breaker.check(currency));
  portfolio.setAccountBalances((currency) => accountBalance(d.cache.accounts(), currency, (id) => d.instruments?.find(id)?.quoteCurrency));
  d.marketData.observe({ onQuote: (q) => portfolio.onQuote(q), onBar: (b) => portfolio.onBar(b) });
  d.bus.subscribe(topics.reconciliation, () => portfolio.rebuild());
  return { portfolio, breaker };
}
function accountBalance(states, currency, quoteCurrency) {
  let total;
  let margin;
  for (const s of states) {
    const b = s.balances.find((x) => x.currency === currency);
    if (!b) continue;
    total = total === void 0 ? b.total : total.add(b.total);
    for (const m of s.margins) {
      if (quoteCurrency(m.instrumentId) !== currency) continue;
      margin = margin === void 0 ? m.initial : margin.add(m.initial);
    }
  }
  if (total === void 0) return void 0;
  return { total: Money.from(total.toString(), currency), ...margin !== void 0 ? { marginUsed: Money.from(margin.toString(), currency) } : {} };
}

// ../../work/keel-E/src/engine/node.ts
var TradingNode = class _TradingNode {
  config;
  clock;
  logger;
  bus;
  cache = new Cache();
  instruments;
  core;
  execEngine;
  riskEngine;
  portfolio;
  // net positions, PnL, exposure, the day's PnL (portfolio/; wired in node/node-portfolio.ts)
  /** Each venue's account state as the venue reports it, and the anomalies seen in it. */
  accounts;
  registry = new StrategyRegistry();
  claims = new ExternalOrderClaims();
  marketData;
  venueClients;
  configLog;
  reconciliation;
  lifecycle;
  strategyHost;
  /** The journal (or memory store) the node writes to; set by `create`. */
  attachment;
  constructor(config, options) {
    this.config = config;
    this.clock = options.clock ?? new LiveClock();
    this.logger = options.logger ?? new JsonLinesLogger({ clock: this.clock, base: { traderId: config.traderId } });
    this.instruments = options.instruments ?? sharedInstruments();
    this.bus = new MessageBus(this.logger);
    this.configLog = createConfigLog(this.bus, options.configSource);
    this.marketData = new MarketDataRouter(this.bus, this.cache, this.logger);
    this.core = new ExecutionEngine({
      traderId: config.traderId,
      clock: this.clock,
      cache: this.cache,
      bus: this.bus,
      instruments: this.instruments,
      logger: this.logger,
      allowOverfills: config.execEngine.allowOverfills,
      // Write-ahead: an order leaves only once its OrderSubmitted is durable (no journal attached: nothing to wait for).
      beforeSend: (orders) => this.attachment?.ensureDurable(orders)
    });
    this.execEngine = new LiveExecutionEngine({
      clock: this.clock,
      logger: this.logger,
      config: config.execEngine,
      core: this.core,
      cache: this.cache,
      traderId: config.traderId,
      instruments: this.instruments,
      claims: () => this.claims.toMap(),
      onFatal: (error, graceful) => stopOnFatal(error, graceful, () => this.stop(), this.logger, options.onFatal),
      onConnectionState: (client, state, info) => {
        this.bus.publish(topics.connection, { venue: client.venue, state, ...info });
        this.reconciliation.onConnection(client.venue, state, info);
      },
      configLog: this.configLog,
      beforePlan: (ms2) => this.reconciliation.beforePlan(ms2),
      onAccountState: (state) => this.accounts.onState(state),
      reconcileAccount: (ms2, t) => this.accounts.reconcile(ms2, t)
    });
    this.riskEngine = new RiskEngine({
      clock: this.clock,
      instruments: this.instruments,
      config: config.riskEngine,
      logger: this.logger,
      configLog: this.configLog,
      account: (v) => this.cache.account(v),
      target: { execute: (c) => this.execEngine.execute(c), denyOrder: (init, reason) => this.core.denyOrder(init, reason) },
      referencePrice: (id, side) => {
        const q = this.cache.quote(id);
        return q === void 0 ? void 0 : side === "BUY" ? q.ask : q.bid;
      },
      netPosition: (id) => netOf(this.cache.positionsOpen({ instrumentId: id }))
    });
    this.portfolio = wirePortfolio({ cache: this.cache, bus: this.bus, clock: this.clock, logger: this.logger, marketData: this.marketData, riskEngine: this.riskEngine, instruments: this.instruments, enabled: options.portfolio }).portfolio;
    const factory = options.clientsFactory ?? buildSandboxClients;
    this.venueClients = config.venues.map((v) => factory(v, this.clock));
    this.accounts = new AccountTracker({ cache: this.cache, bus: this.bus, logger: this.logger, client: (v) => this.venueClients.find((c) => c.venue === v)?.exec });
    for (const c of this.venueClients) {
      this.execEngine.registerClient(c.exec);
      this.marketData.addClient(c.data);
    }
    this.reconciliation = new ReconciliationService({
      clock: this.clock,
      logger: this.logger,
      venues: this.venueClients,
      timeoutMs: SEC(config.timeouts.reconciliationSecs),
      reconcile: (trigger, clients) => this.execEngine.reconcile(trigger, clients),
      subscribeQuotes: (id) => this.marketData.subscribe("quotes", id, () => {
      }),
      trading: () => this.lifecycle.trading,
      onResult: (r) => this.bus.publish(topics.reconciliation, r)
    });
    this.lifecycle = new NodeLifecycle({
      clock: this.clock,
      ownsClock: options.clock === void 0,
      logger: this.logger,
      bus: this.bus,
      cache: this.cache,
      traderId: config.traderId,
      config,
      venueClients: this.venueClients,
      execEngine: this.execEngine,
      reconciliation: this.reconciliation,
      closePersistence: () => this.attachment?.close(),
      forward: (c) => this.riskEngine.execute(c),
      deny: (init, reason) => this.core.denyOrder(init, reason),
      strategies: () => this.registry.all(),
      strategy: (id) => this.registry.get(id)
    });
    this.strategyHost = new NodeStrategies({
      registry: this.registry,
      cache: this.cache,
      trading: () => this.lifecycle.trading,
      clock: this.clock,
      audit: this.configLog,
      claims: this.claims,
      attach: (s, previous) => {
        this.core.registerStrategy(s.id, { omsType: s.omsType });
        if (previous) s.takeOverFrom(this.strategyContext(), previous);
        else s.register(this.strategyContext());
      },
      settle: (match) => this.lifecycle.settleOrders(match, SEC(this.config.timeouts.disconnectionSecs))
    });
  }
  /** A host (a REPL or notebook session) hears of every node `create` builds in this process; returns the unsubscribe. */
  static onCreated(listener) {
    return onNodeCreated(listener);
  }
  /** Validate the config (every problem listed) and build the node; nothing connects until `start()`. */
  static async create(config = {}, options = {}) {
    const node = new _TradingNode(parseConfig(TradingNodeConfigSchema, config, "TradingNodeConfig"), options);
    announceNodeCreated(node);
    const p = node.config.persistence;
    if (options.persistence !== null) {
      node.attachment = await attachPersistence(node, options.persistence ?? await openPersistence(p, node.config.traderId), { gated: true });
      node.lifecycle.journal.watch(node.attachment.persistence);
      node.configLog.restore(node.attachment.loaded.configChanges);
      node.reconciliation.restore(node.attachment.loaded.lastReconciliation);
    }
    return node;
  }
  get state() {
    return this.lifecycle.state;
  }
  /** Why the node is DEGRADED (or why it stopped), in words. */
  get stateReason() {
    return this.lifecycle.reason;
  }
  /** The start-up one, or the latest (manual, reconnect); before start, the journal's. */
  get lastReconciliation() {
    return this.reconciliation.lastResult;
  }
  /** Reconciliations run because a venue connection came back. */
  get reconnectRuns() {
    return this.reconciliation.reconnectRuns;
  }
  get configChanges() {
    return this.configLog.changes;
  }
  /**
   * Undo a live change (`node.configChanges` id): its keys go back to their values before it, through the
   * target's own `configure` (validated, audited with source `revert <id>`). Refused when a later change
   * touched the same keys (revert that one first). Returns the new change.
   */
  revert(changeId, source) {
    this.assertUsable();
    return revertLiveChange(this.configLog, changeId, source, {
      execEngine: this.execEngine,
      riskEngine: this.riskEngine,
      strategy: (id) => this.registry.get(id),
      code: (c, by) => this.strategyHost.revertSwap(c, by)
    });
  }
  get strategies() {
    return this.registry.all();
  }
  /** Each venue's connection status (the REPL's `.venue`). */
  get venues() {
    return this.venueClients.map(venueStatus);
  }
  get traderId() {
    return this.config.traderId;
  }
  /** Why the journal cannot make records durable now (disk full, file-size limit, I/O error), else undefined. While set the node is in its safe
   * state: new orders are denied with `JOURNAL_UNWRITABLE`, cancels (and modifies) still go out; it ends by itself once the journal writes again. */
  get journalFailure() {
    return this.lifecycle.journal.failure;
  }
  /** Add a strategy (tags `000`, `001`... in order added); while running it is started at once. */
  addStrategy(strategy) {
    this.assertUsable();
    return this.strategyHost.add(strategy);
  }
  /**
   * Hot swap: `next` (a new object with the same strategyId; the tag is taken over) replaces the RUNNING
   * strategy `id` keeping its orders, positions and contingent links (no cancel): old `onStop`, old
   * `onHandOver()` → new `onTakeOver(state)`, new `onStart`. Audited (`code` of `strategy:<id>`), revertible.
   */
  replaceStrategy(id, next, source) {
    this.assertUsable();
    return this.strategyHost.replace(id, next, source);
  }
  /** Remove a strategy; refused while it has open orders unless `cancelOrders` (then they are cancelled first). */
  async removeStrategy(strategy, options = {}) {
    this.assertUsable();
    await this.strategyHost.remove(strategy, options);
  }
  /** Connect, reconcile, start strategies, schedule checks. Rejects (and strategies stay stopped) when reconciliation fails. */
  start() {
    return this.lifecycle.start();
  }
  /** Apply the shutdown policy, stop strategies, disconnect, cancel every timer (no-op unless started). */
  stop() {
    return this.lifecycle.stop();
  }
  /** Stop if needed, then release everything; a disposed node refuses further calls. */
  dispose() {
    return this.lifecycle.dispose();
  }
  /** Reconcile now (trigger 'MANUAL') → the result, also kept as `lastReconciliation`. */
  async reconcile() {
    this.assertUsable();
    return this.reconciliation.run("MANUAL");
  }
  /** The risk engine's trading state (each move audited, revertible): halt → HALTED, reduceOnly → REDUCING, resume → ACTIVE. */
  get tradingState() {
    return this.riskEngine.tradingState;
  }
  halt(reason, source) {
    this.assertUsable();
    return this.riskEngine.setTradingState("HALTED", reason, source);
  }
  reduceOnly(reason, source) {
    this.assertUsable();
    return this.riskEngine.setTradingState("REDUCING", reason, source);
  }
  resume(source) {
    this.assertUsable();
    return this.riskEngine.setTradingState("ACTIVE", void 0, source);
  }
  orderTree(orderListIdOrClientOrderId) {
    return buildOrderTree(this.cache, orderListIdOrClientOrderId);
  }
  /** The venue's latest account state (no venue: the first venue's), as the venue reported it. */
  account(venue) {
    return this.cache.account(venue);
  }
  /** What a strategy reaches of the node (its commands pass the new-order gate). */
  strategyContext() {
    return new NodeStrategyContext({
      traderId: this.traderId,
      clock: this.clock,
      cache: this.cache,
      bus: this.bus,
      instruments: this.instruments,
      claims: this.claims,
      log: this.logger,
      marketData: this.marketData,
      execute: (c) => this.lifecycle.gate.execute(c),
      applyLocal: (e) => this.core.process(e),
      venueOmsType: (id) => this.execEngine.clientFor(id)?.omsType ?? "UNSPECIFIED",
      setStrategyOmsType: (id, oms) => this.core.setStrategyOms(id, oms),
      configLog: this.configLog,
      portfolio: this.portfolio
    });
  }
  assertUsable() {
    this.lifecycle.assertUsable();
  }
};

// ../../work/keel-E/bench/reconciliation-scenario.ts
var AUD = "AUDUSD.SIM";
function massStatus({ orders, fillsPerOrder, positions }) {
  const orderReports = [];
  const fillReports = [];
  const one = Price.from("1.00000");
  const qty2 = Quantity.from(String(20 * fillsPerOrder));
  const fillQty = Quantity.from("20");
  const fee = Money.from("0.01", "USD");
  for (let i = 0; i < orders; i++) {
    const venueOrderId = `V-${i}`;
    const venuePositionId = `VP-${i % positions}`;
    orderReports.push({
      reportId: `R-${i}`,
      accountId: "SIM-001",
      instrumentId: AUD,
      clientOrderId: `O-${i}`,
      venueOrderId,
      venuePositionId,
      side: "BUY",
      orderType: "LIMIT",
      timeInForce: "GTC",
      status: "FILLED",
      quantity: qty2,
      filledQty: qty2,
      avgPx: one,
      price: one,
      postOnly: false,
      reduceOnly: false,
      tsAccepted: BigInt(i),
      tsLast: BigInt(i),
      tsInit: BigInt(i)
    });
    for (let f = 0; f < fillsPerOrder; f++) {
      fillReports.push({
        reportId: `F-${i}-${f}`,
        accountId: "SIM-001",
        instrumentId: AUD,
        venueOrderId,
        clientOrderId: `O-${i}`,
        venuePositionId,
        tradeId: `T-${i}-${f}`,
        side: "BUY",
        lastQty: fillQty,
        lastPx: one,
        commission: fee,
        liquiditySide: "MAKER",
        tsEvent: BigInt(i),
        tsInit: BigInt(i)
      });
    }
  }
  const held = Quantity.from(String(orders / positions * 20 * fillsPerOrder));
  const positionReports = Array.from({ length: positions }, (_, k) => ({
    reportId: `P-${k}`,
    accountId: "SIM-001",
    instrumentId: AUD,
    venuePositionId: `VP-${k}`,
    side: "LONG",
    quantity: held,
    signedQty: held,
    avgPxOpen: one,
    tsLast: BigInt(orders),
    tsInit: 0n
  }));
  return { clientId: "SIM", venue: "SIM", accountId: "SIM-001", orderReports, fillReports, positionReports, tsInit: 0n };
}
var QuietExec = class {
  clientId = "SIM";
  venue = "SIM";
  accountId = "SIM-001";
  omsType = "HEDGING";
  connectionState = "CONNECTED";
  setSink(_sink) {
  }
  async connect() {
  }
  async disconnect() {
  }
  submitOrder() {
  }
  submitOrderList() {
  }
  modifyOrder() {
  }
  cancelOrder() {
  }
  cancelAllOrders() {
  }
  queryOrder() {
  }
  async generateOrderStatusReport() {
    return null;
  }
  async generateOrderStatusReports() {
    return [];
  }
  async generateFillReports() {
    return [];
  }
  async generatePositionStatusReports() {
    return [];
  }
  async generateMassStatus() {
    return { clientId: "SIM", venue: "SIM", accountId: this.accountId, orderReports: [], fillReports: [], positionReports: [], tsInit: 0n };
  }
};
var QuietData = class {
  clientId = "SIM";
  venue = "SIM";
  setSink(_sink) {
  }
  async connect() {
  }
  async disconnect() {
  }
  subscribeQuotes() {
  }
  subscribeTrades() {
  }
  subscribeBars() {
  }
  unsubscribeQuotes() {
  }
  unsubscribeTrades() {
  }
  unsubscribeBars() {
  }
};
async function reconcileIntoEmptyNode(ms2) {
  const exec = new QuietExec();
  const node = await TradingNode.create(
    { venues: [{ venue: "SIM", url: "ws://in-process", apiKey: "k", apiSecret: "s" }], riskEngine: { bypass: true }, execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: "leave" },
    { logger: new MemoryLogger(void 0, "error"), clientsFactory: () => ({ venue: "SIM", url: "in-process", exec, data: new QuietData() }), persistence: null }
  );
  await node.start();
  node.core.registerStrategy("EXTERNAL", { omsType: "HEDGING" });
  const before = process.cpuUsage();
  const result = await node.execEngine.reconciler.reconcileMassStatus(exec, ms2, "STARTUP");
  const used = process.cpuUsage(before);
  await node.dispose();
  return { cpuMs: (used.user + used.system) / 1e3, result };
}
function describeResult(r) {
  return `success ${r.success}, orders ${r.counts.orders}, fills ${r.counts.fills}, positions ${r.counts.positions}, matched ${r.counts.matched}, created ${r.counts.created}, events ${r.counts.eventsApplied}, synthetic ${r.counts.syntheticOrders}`;
}

// prof.mts
var ms = massStatus({ orders: Number(process.env.ORDERS ?? 1e4), fillsPerOrder: 5, positions: 100 });
var runs = Number(process.env.RUNS ?? 1);
for (let i = 0; i < runs; i++) {
  const r = await reconcileIntoEmptyNode(ms);
  console.log(r.cpuMs.toFixed(0), describeResult(r.result));
}
