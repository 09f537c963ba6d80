// Shell completion for bash, zsh and fish. Each script asks the CLI itself for candidates
// (`milvus-rest __complete <words so far>`), so completions follow the spec the CLI was built
// from without a script per version.

/** A node of the command tree: its subcommands, or (for a command) its flags. */
export type CompletionTree = { children: Map<string, CompletionTree>; flags: string[] };

export function emptyTree(): CompletionTree {
  return { children: new Map(), flags: [] };
}

export function addCommand(tree: CompletionTree, words: readonly string[], flags: readonly string[]): void {
  let node = tree;
  for (const word of words) {
    let child = node.children.get(word);
    if (!child) {
      child = emptyTree();
      node.children.set(word, child);
    }
    node = child;
  }
  node.flags.push(...flags);
}

/** Candidates for the word being typed, given the words before it. */
export function complete(tree: CompletionTree, globalFlags: readonly string[], words: readonly string[]): string[] {
  const current = words[words.length - 1] ?? '';
  let node = tree;
  for (const word of words.slice(0, -1)) {
    if (word.startsWith('-')) continue;
    const child = node.children.get(word);
    if (!child) break;
    node = child;
  }
  const candidates = current.startsWith('-') ? [...node.flags, ...globalFlags].map((flag) => `--${flag}`) : [...node.children.keys()];
  return candidates.filter((candidate) => candidate.startsWith(current)).sort();
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The completion script for a shell; the README says where each one goes. */
export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return `# milvus-rest completion for bash: add to ~/.bashrc
#   source <(milvus-rest completion bash)
_milvus_rest_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(milvus-rest __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _milvus_rest_complete milvus-rest
`;
    case 'zsh':
      return `#compdef milvus-rest
# milvus-rest completion for zsh: add to ~/.zshrc
#   source <(milvus-rest completion zsh)
_milvus_rest() {
  local -a candidates
  candidates=("\${(@f)$(milvus-rest __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _milvus_rest milvus-rest
`;
    case 'fish':
      return `# milvus-rest completion for fish: save as ~/.config/fish/completions/milvus-rest.fish
#   milvus-rest completion fish > ~/.config/fish/completions/milvus-rest.fish
complete -c milvus-rest -f -a '(milvus-rest __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
  }
}
