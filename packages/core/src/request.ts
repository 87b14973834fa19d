// One delete request, as it travels from the edge that parses it (the CLI, an n8n operation, a library call) through
// the client, the workflow and the activity to a provider's client: the target and the caller's options, validated
// once at that edge and passed along unchanged. Pure: workflow code builds and reads requests too.
import type { DeleteOptions } from './http/provider-http.js';
import type { Target } from './providers.js';

/** The delete options a caller chooses; the rest of DeleteOptions is evidence the engine adds on the way. */
export type RequestOptions = Pick<DeleteOptions, 'treatAlreadyGoneAsSuccess' | 'notFound'>;

export interface DeleteRequest<T extends Target = Target, O extends RequestOptions = RequestOptions> {
  target: T;
  options: O;
}

/**
 * The caller's options out of anything that carries them beside other settings (CLI flags, a batch's or a chunk's
 * input, an input in the flattened shape older workflows were started with): only those that are set, so an absent
 * one keeps core's default wherever the request goes.
 */
export function requestOptionsOf(input: RequestOptions): RequestOptions {
  return {
    ...(input.treatAlreadyGoneAsSuccess !== undefined && {
      treatAlreadyGoneAsSuccess: input.treatAlreadyGoneAsSuccess,
    }),
    ...(input.notFound !== undefined && { notFound: input.notFound }),
  };
}
