// What a page's modules expect of the browser, for node --test: an in-memory localStorage
// (`storage` is its contents) and window event listeners that do nothing.
export const storage = new Map();
globalThis.localStorage = {
  getItem: (k) => (storage.has(k) ? storage.get(k) : null),
  setItem: (k, v) => storage.set(k, String(v)),
  removeItem: (k) => storage.delete(k),
};
globalThis.addEventListener = () => {};
globalThis.removeEventListener = () => {};
