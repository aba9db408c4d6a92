import { createRequire } from 'node:module'
import type * as GrpcJs from '@grpc/grpc-js'
import type * as CodePb from '@eventstore/db-client/generated/code_pb'
import type * as ServerFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb'
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb'
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb'
import type * as StatusPb from '@eventstore/db-client/generated/status_pb'
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb'
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb'
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb'
import type * as EmptyPb from 'google-protobuf/google/protobuf/empty_pb'

/**
 * The client's own generated service definitions and messages. They are CommonJS built by
 * protoc (`goog.object.extend(exports, …)`), whose names an ES import cannot see, so they are
 * required; and they must be the very modules the client loads, because the generated
 * serialisers check `instanceof` against them.
 */
const require = createRequire(import.meta.url)
const clientRequire = createRequire(require.resolve('@eventstore/db-client'))

export const grpc = clientRequire('@grpc/grpc-js') as typeof GrpcJs
export const streamsGrpc = clientRequire('../generated/streams_grpc_pb') as typeof StreamsGrpc
export const streamsPb = clientRequire('../generated/streams_pb') as typeof StreamsPb
export const sharedPb = clientRequire('../generated/shared_pb') as typeof SharedPb
export const statusPb = clientRequire('../generated/status_pb') as typeof StatusPb
export const codePb = clientRequire('../generated/code_pb') as typeof CodePb
export const serverFeaturesGrpc = clientRequire(
  '../generated/serverfeatures_grpc_pb',
) as typeof ServerFeaturesGrpc
export const serverFeaturesPb = clientRequire(
  '../generated/serverfeatures_pb',
) as typeof ServerFeaturesPb
export const anyPb = clientRequire('google-protobuf/google/protobuf/any_pb') as typeof AnyPb
export const emptyPb = clientRequire('google-protobuf/google/protobuf/empty_pb') as typeof EmptyPb
