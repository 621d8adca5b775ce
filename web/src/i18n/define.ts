// Typed message catalogues. Each feature owns one `defineMessages({ fi, sv, en })`; Finnish
// is the reference, and TypeScript rejects a Swedish or English table that misses a key or
// adds one (NoInfer keeps the key set inferred from `fi` alone).
export type Catalogue<K extends string> = Record<K, string>;

export interface MessageSet<K extends string> {
  fi: Catalogue<K>;
  sv: Catalogue<K>;
  en: Catalogue<K>;
}

export function defineMessages<const K extends string>(messages: {
  fi: Record<K, string>;
  sv: Record<NoInfer<K>, string>;
  en: Record<NoInfer<K>, string>;
}): MessageSet<K> {
  return messages;
}

/** The keys of one or more message sets (a union, distributed over the sets). */
export type KeysOf<S> = S extends MessageSet<infer K> ? K : never;
