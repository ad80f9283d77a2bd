// sqlexpr.mjs — reads the SQL expressions the two catalogues give back (CHECK
// constraints, DEFAULTs, index keys and partial-index predicates) into one
// canonical text, so that SQLite's text as written and PostgreSQL's
// deparsed text compare equal when they mean the same:
//
//   SQLite (as written)                 PostgreSQL (pg_get_expr / constraintdef)
//   role IN ('a','b')                   (role = ANY (ARRAY['a'::text, 'b'::text]))
//   rank BETWEEN 1 AND 9                ((rank >= 1) AND (rank <= 9))
//   'queued'                            'queued'::text
//
// Casts are dropped, IN lists and = ANY (ARRAY[…]) become one form, BETWEEN
// becomes its two comparisons, AND/OR chains are flattened, != and == are <>
// and =, and every binary operation is printed in parentheses.  It covers the
// subset of SQL the migrations use; anything else is a parse error (the test
// fails and says so) rather than a silent mismatch.

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'between', 'like', 'any', 'all', 'array',
  'cast', 'as', 'true', 'false', 'collate', 'asc', 'desc', 'exists', 'escape']);

export function tokenize(sql) {
  const out = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') { while (i < sql.length && sql[i] !== '\n') i++; continue; }
    if (c === '/' && sql[i + 1] === '*') { const j = sql.indexOf('*/', i + 2); i = j < 0 ? sql.length : j + 2; continue; }
    if (c === "'") {
      let j = i + 1, s = '';
      for (;;) {
        if (j >= sql.length) throw new Error(`unterminated string in: ${sql}`);
        if (sql[j] === "'") { if (sql[j + 1] === "'") { s += "'"; j += 2; continue; } break; }
        s += sql[j++];
      }
      out.push({ t: 'str', v: s }); i = j + 1; continue;
    }
    if (c === '"' || c === '`') {
      const j = sql.indexOf(c, i + 1);
      out.push({ t: 'id', v: sql.slice(i + 1, j).toLowerCase() }); i = j + 1; continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] || ''))) {
      const m = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(sql.slice(i)) || /^[0-9]+/.exec(sql.slice(i));
      out.push({ t: 'num', v: m[0] }); i += m[0].length; continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z_0-9$]*/.exec(sql.slice(i));
      const w = m[0].toLowerCase();
      out.push(KEYWORDS.has(w) ? { t: 'kw', v: w } : { t: 'id', v: w }); i += m[0].length; continue;
    }
    const two = sql.slice(i, i + 2);
    if (['<>', '!=', '<=', '>=', '==', '||', '::'].includes(two)) { out.push({ t: 'op', v: two }); i += 2; continue; }
    if ('()[],.=<>+-*/%;'.includes(c)) { out.push({ t: 'op', v: c }); i++; continue; }
    throw new Error(`unexpected character ${JSON.stringify(c)} in: ${sql}`);
  }
  return out;
}

const NUMERIC = new Set(['integer', 'int', 'int4', 'int8', 'bigint', 'smallint', 'numeric', 'double', 'real']);

class Parser {
  constructor(tokens, text) { this.k = tokens; this.i = 0; this.text = text; }
  peek(o = 0) { return this.k[this.i + o]; }
  is(t, v, o = 0) { const x = this.peek(o); return !!x && x.t === t && (v === undefined || x.v === v); }
  isOp(v, o) { return this.is('op', v, o); }
  isKw(v, o) { return this.is('kw', v, o); }
  next() { return this.k[this.i++]; }
  fail(what) {
    const at = this.k.slice(this.i, this.i + 5).map((x) => x.v).join(' ');
    throw new Error(`cannot read SQL expression (${what} at "${at}"): ${this.text}`);
  }
  expect(t, v) { if (!this.is(t, v)) this.fail(`expected ${v || t}`); return this.next(); }
  done() { return this.i >= this.k.length; }

  expr() { return this.or(); }
  or() {
    let l = this.and();
    while (this.isKw('or')) { this.next(); l = { k: 'or', a: [l, this.and()] }; }
    return l;
  }
  and() {
    let l = this.not();
    while (this.isKw('and')) { this.next(); l = { k: 'and', a: [l, this.not()] }; }
    return l;
  }
  not() {
    if (this.isKw('not')) { this.next(); return { k: 'not', a: [this.not()] }; }
    return this.cmp();
  }
  cmp() {
    let l = this.add();
    for (;;) {
      if (this.isKw('is')) {
        this.next();
        const neg = this.isKw('not') ? (this.next(), true) : false;
        if (this.isKw('null')) { this.next(); l = { k: neg ? 'notnull' : 'isnull', a: [l] }; continue; }
        const r = this.add();
        l = { k: 'bin', op: neg ? 'IS NOT' : 'IS', a: [l, r] };
        continue;
      }
      let neg = false;
      if (this.isKw('not') && (this.isKw('in', 1) || this.isKw('between', 1) || this.isKw('like', 1))) { this.next(); neg = true; }
      if (this.isKw('in')) {
        this.next(); this.expect('op', '(');
        const items = [this.expr()];
        while (this.isOp(',')) { this.next(); items.push(this.expr()); }
        this.expect('op', ')');
        l = { k: neg ? 'notin' : 'in', a: [l, ...items] };
        continue;
      }
      if (this.isKw('between')) {
        this.next();
        const lo = this.add(); this.expect('kw', 'and'); const hi = this.add();
        const b = { k: 'and', a: [{ k: 'bin', op: '>=', a: [l, lo] }, { k: 'bin', op: '<=', a: [l, hi] }] };
        l = neg ? { k: 'not', a: [b] } : b;
        continue;
      }
      if (this.isKw('like')) {
        this.next();
        l = { k: 'bin', op: neg ? 'NOT LIKE' : 'LIKE', a: [l, this.add()] };
        continue;
      }
      const o = this.peek();
      if (o && o.t === 'op' && ['=', '==', '<>', '!=', '<', '<=', '>', '>='].includes(o.v)) {
        this.next();
        const op = o.v === '==' ? '=' : o.v === '!=' ? '<>' : o.v;
        // PostgreSQL's deparsed IN list: x = ANY (ARRAY[…]); NOT IN: x <> ALL (ARRAY[…])
        if ((op === '=' && this.isKw('any')) || (op === '<>' && this.isKw('all'))) {
          this.next(); this.expect('op', '(');
          const arr = this.postfix();
          this.expect('op', ')');
          if (arr.k !== 'array') this.fail('expected ARRAY[…]');
          l = { k: op === '=' ? 'in' : 'notin', a: [l, ...arr.a] };
          continue;
        }
        l = { k: 'bin', op, a: [l, this.add()] };
        continue;
      }
      return l;
    }
  }
  add() {
    let l = this.mul();
    while (this.isOp('+') || this.isOp('-') || this.isOp('||')) { const op = this.next().v; l = { k: 'bin', op, a: [l, this.mul()] }; }
    return l;
  }
  mul() {
    let l = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) { const op = this.next().v; l = { k: 'bin', op, a: [l, this.unary()] }; }
    return l;
  }
  unary() {
    if (this.isOp('-')) {
      this.next();
      const x = this.unary();
      if (x.k === 'num') return { k: 'num', v: canonNum('-' + x.v) };
      return { k: 'neg', a: [x] };
    }
    if (this.isOp('+')) { this.next(); return this.unary(); }
    return this.postfix();
  }
  typename() {
    const w = this.expect('id').v;
    if ((w === 'double' && this.is('id', 'precision')) || (w === 'character' && this.is('id', 'varying'))) this.next();
    if (this.isOp('(')) { while (!this.isOp(')')) this.next(); this.next(); }
    if (this.isOp('[') && this.isOp(']', 1)) { this.next(); this.next(); }
    return w;
  }
  postfix() {
    let x = this.primary();
    for (;;) {
      if (this.isOp('::')) {                                                      // casts mean nothing here,
        this.next();                                                              // but '-1'::integer is -1
        const ty = this.typename();
        if (x.k === 'str' && NUMERIC.has(ty) && /^-?[0-9.]+$/.test(x.v)) x = { k: 'num', v: canonNum(x.v) };
        continue;
      }
      if (this.isKw('collate')) { this.next(); const c = this.next().v; x = { k: 'collate', c, a: [x] }; continue; }
      return x;
    }
  }
  primary() {
    const t = this.peek();
    if (!t) this.fail('unexpected end');
    if (t.t === 'num') { this.next(); return { k: 'num', v: canonNum(t.v) }; }
    if (t.t === 'str') { this.next(); return { k: 'str', v: t.v }; }
    if (this.isKw('null')) { this.next(); return { k: 'null' }; }
    if (this.isKw('true') || this.isKw('false')) { this.next(); return { k: 'num', v: t.v === 'true' ? '1' : '0' }; }
    if (this.isKw('array')) {
      this.next(); this.expect('op', '[');
      const items = [];
      if (!this.isOp(']')) { items.push(this.expr()); while (this.isOp(',')) { this.next(); items.push(this.expr()); } }
      this.expect('op', ']');
      return { k: 'array', a: items };
    }
    if (this.isKw('cast')) {
      this.next(); this.expect('op', '(');
      const x = this.expr(); this.expect('kw', 'as'); this.typename(); this.expect('op', ')');
      return x;
    }
    if (this.isOp('(')) {
      this.next();
      const x = this.expr();
      this.expect('op', ')');
      return x;
    }
    if (t.t === 'id') {
      this.next();
      if (this.isOp('(')) {
        this.next();
        const args = [];
        if (this.isOp('*')) { this.next(); args.push({ k: 'star' }); }
        else if (!this.isOp(')')) { args.push(this.expr()); while (this.isOp(',')) { this.next(); args.push(this.expr()); } }
        this.expect('op', ')');
        return { k: 'call', f: t.v, a: args };
      }
      if (this.isOp('.') && this.is('id', undefined, 1)) { this.next(); return { k: 'col', v: this.next().v }; }
      return { k: 'col', v: t.v };
    }
    this.fail('unexpected token');
  }
}

function canonNum(s) {
  const n = Number(s);
  return Number.isFinite(n) ? String(n) : s;
}

function flatten(n) {
  if (!n || !n.a) return n;
  const a = n.a.map(flatten);
  if (n.k === 'and' || n.k === 'or') {
    const out = [];
    for (const x of a) if (x.k === n.k) out.push(...x.a); else out.push(x);
    return { ...n, a: out };
  }
  return { ...n, a };
}

const q = (s) => `'${s.replace(/'/g, "''")}'`;

export function print(n) {
  switch (n.k) {
    case 'num': return n.v;
    case 'str': return q(n.v);
    case 'null': return 'NULL';
    case 'star': return '*';
    case 'col': return n.v;
    case 'call': return `${n.f}(${n.a.map(print).join(', ')})`;
    case 'array': return `ARRAY[${n.a.map(print).join(', ')}]`;
    case 'and': case 'or': return `(${n.a.map(print).join(` ${n.k.toUpperCase()} `)})`;
    case 'not': return `(NOT ${print(n.a[0])})`;
    case 'neg': return `(-${print(n.a[0])})`;
    case 'isnull': return `(${print(n.a[0])} IS NULL)`;
    case 'notnull': return `(${print(n.a[0])} IS NOT NULL)`;
    case 'in': case 'notin':
      return `(${print(n.a[0])} ${n.k === 'in' ? 'IN' : 'NOT IN'} (${n.a.slice(1).map(print).join(', ')}))`;
    case 'bin': return `(${print(n.a[0])} ${n.op} ${print(n.a[1])})`;
    case 'collate': return `(${print(n.a[0])} COLLATE ${n.c})`;
    default: throw new Error(`cannot print ${n.k}`);
  }
}

// The canonical text of one expression (a CHECK's condition, a DEFAULT, an
// index key or a partial index's WHERE).
export function canon(sql) {
  const tokens = tokenize(sql);
  const p = new Parser(tokens, sql);
  const n = p.expr();
  if (!p.done()) p.fail('trailing text');
  const s = print(flatten(n));
  // a whole expression's outer parentheses carry nothing
  return s.startsWith('(') && balancedOuter(s) ? s.slice(1, -1) : s;
}

function balancedOuter(s) {
  let d = 0, inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) { if (c === "'") { if (s[i + 1] === "'") i++; else inStr = false; } continue; }
    if (c === "'") inStr = true;
    else if (c === '(') d++;
    else if (c === ')') { d--; if (d === 0 && i < s.length - 1) return false; }
  }
  return true;
}

// The parts of a CREATE TABLE statement the pragmas do not give: its CHECK
// conditions (column and table constraints alike), as written.
export function tableChecks(createSql) {
  const k = tokenize(createSql);
  const out = [];
  for (let i = 0; i < k.length; i++) {
    if (k[i].t === 'id' && k[i].v === 'check' && k[i + 1] && k[i + 1].t === 'op' && k[i + 1].v === '(') {
      let d = 0, j = i + 1;
      for (; j < k.length; j++) {
        if (k[j].t === 'op' && k[j].v === '(') d++;
        else if (k[j].t === 'op' && k[j].v === ')' && --d === 0) break;
      }
      out.push(untokenize(k.slice(i + 2, j)));
      i = j;
    }
  }
  return out;
}

// CREATE [UNIQUE] INDEX name ON table (key, …) [WHERE predicate]: the keys'
// and the predicate's text, as written.
export function indexParts(createSql) {
  const k = tokenize(createSql);
  let i = k.findIndex((x) => x.t === 'op' && x.v === '(');
  if (i < 0) throw new Error(`cannot read index: ${createSql}`);
  const keys = [];
  let d = 0, start = i + 1, j = i;
  for (; j < k.length; j++) {
    const x = k[j];
    if (x.t === 'op' && x.v === '(') d++;
    else if (x.t === 'op' && x.v === ')') { if (--d === 0) { keys.push(k.slice(start, j)); break; } }
    else if (x.t === 'op' && x.v === ',' && d === 1) { keys.push(k.slice(start, j)); start = j + 1; }
  }
  const rest = k.slice(j + 1);
  let where = null;
  if (rest.length && rest[0].t === 'id' && rest[0].v === 'where') where = untokenize(rest.slice(1).filter((x) => !(x.t === 'op' && x.v === ';')));
  return {
    keys: keys.map((t) => {
      let desc = false;
      if (t.length && t[t.length - 1].t === 'kw' && (t[t.length - 1].v === 'desc' || t[t.length - 1].v === 'asc')) {
        desc = t[t.length - 1].v === 'desc'; t = t.slice(0, -1);
      }
      return { text: untokenize(t), desc };
    }),
    where,
  };
}

function untokenize(tokens) {
  return tokens.map((x) => (x.t === 'str' ? q(x.v) : x.t === 'id' && !/^[a-z_][a-z_0-9$]*$/.test(x.v) ? `"${x.v}"` : x.v)).join(' ');
}
