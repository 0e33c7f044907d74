// A participant list from CSV (name, sector, organisation), for a printed checklist.

/** Parses CSV with quotes ("a, b" and "" escapes); separator , or ; (picked from the first line). */
export function parseCSV(text) {
  const first = text.split(/\r?\n/, 1)[0] || '';
  const sep = (first.match(/;/g) || []).length > (first.match(/,/g) || []).length ? ';' : ',';
  const rows = []; let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') { if (c === '\r' && text[i + 1] === '\n') i++; row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.map((r) => r.map((x) => x.trim())).filter((r) => r.some(Boolean));
}

const SECTOR_WORDS = {
  public: ['public', 'public sector', 'offentlig', 'offentlig sektor', 'region', 'kommun', 'myndighet'],
  civil: ['civil', 'civil society', 'civilsamhälle', 'civilsamhället', 'idéburen', 'idéburen sektor', 'ideell', 'ideell sektor', 'förening'],
  other: ['other', 'annat', 'övrigt', 'övriga'],
};

/**
 * A CSV file's text. Excel's "CSV UTF-8" is UTF-8; its plain Swedish "CSV (semikolonavgränsad)"
 * is Windows-1252, which read as UTF-8 would garble å, ä and ö.
 */
export function decodeCSV(bytes) {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { return new TextDecoder('windows-1252').decode(bytes); }
}

export function sectorOf(word) {
  const w = (word || '').toLowerCase().trim();
  for (const [k, words] of Object.entries(SECTOR_WORDS)) if (words.includes(w)) return k;
  return null;
}

/** Rows → [{name, sector, organisation}]; a header line (namn/name) is skipped. */
export function expectedFromRows(rows) {
  if (rows.length && /^(namn|name)$/i.test(rows[0][0])) rows = rows.slice(1);
  return rows.slice(0, 5000).map(([name = '', sector = '', organisation = '']) => ({ name: name.slice(0, 80), sector: sectorOf(sector), organisation: organisation.slice(0, 120) }));
}

const norm = (s) => (s || '').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();

/** Marks each expected person as here when someone joined with the same name. */
export function compareExpected(expected, joined) {
  const names = new Set(joined.map((p) => norm(p.name)));
  return expected.map((r) => ({ ...r, here: names.has(norm(r.name)) }));
}
