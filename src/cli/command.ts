// The shape of a CLI command: each verb lives in its own file under commands/.

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (progress bars, colour). */
  isTTY: boolean;
}

export interface Command {
  /** The verb, e.g. `decide`, or a group with sub-verbs, e.g. `config`. */
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}
