// Where a command writes: results on `out`, messages and progress on `err`, and whether results are JSON.
export interface Output {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  json: boolean;
}
