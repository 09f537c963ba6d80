// The line the HTML reference adds to each operation's description to say which privilege the
// server checks, from the operation's `x-milvus-privilege` (spec/lint/milvus-rules.js defines the
// form). Plain JavaScript, like build-reference.mjs, so that the spec package needs no compiler.

/** The Markdown sentence for one `x-milvus-privilege` value. */
export function privilegeNote(extension) {
  if (extension === 'none') return '**Privilege:** none; the REST layer checks no privilege on this route.';
  const name = `\`${extension.name}\``;
  const at = extension.at ?? 'request';
  if (at === 'job') {
    return `**Privilege:** ${name} on the collection of the job the body names, checked after the job is looked up.`;
  }
  if (at === 'each') return `**Privilege:** ${name} on each listed item's collection; the items without it are left out.`;
  if (extension.object === 'Global') return `**Privilege:** ${name}, granted globally (on \`*\`).`;
  if (extension.object === 'User') {
    return `**Privilege:** ${name} on the user that \`${extension.field}\` names; none for the caller's own account.`;
  }
  return `**Privilege:** ${name} on the collection that \`${extension.field}\` names.`;
}

/** Appends the privilege note to the description of every operation of a bundled spec, in place. */
export function addPrivilegeNotes(spec) {
  for (const item of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || operation['x-milvus-privilege'] === undefined) continue;
      const note = privilegeNote(operation['x-milvus-privilege']);
      operation.description = operation.description ? `${operation.description.trimEnd()}\n\n${note}` : note;
    }
  }
}
