// Per-entry excludes: glob patterns over paths relative to the entry's shared directory.

/** One glob as a regular expression: `**` any depth, `*` and `?` within one name. */
function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // "**/" matches zero or more whole directories; a trailing "**" anything below.
      if (glob[i + 2] === '/') { out += '(?:.*/)?'; i += 2; } else { out += '.*'; i += 1; }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** A test of relative paths against the patterns; a pattern without `/` matches a name at any depth (like Stow's --ignore). */
export function excluder(patterns: readonly string[]): ((relative: string) => boolean) | undefined {
  if (!patterns.length) return undefined;
  const sources = patterns.map((p) => {
    const trimmed = p.replace(/^\/+|\/+$/g, '');
    return trimmed.includes('/') ? `^${globSource(trimmed)}$` : `(?:^|/)${globSource(trimmed)}$`;
  });
  const re = new RegExp(sources.join('|'), 's');
  return (relative) => re.test(relative);
}
