import type {
  status as GrpcStatus,
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  sendUnaryData,
  StatusObject,
} from '@grpc/grpc-js'
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb'
import type { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb'
import type { Code } from '@eventstore/db-client/generated/code_pb'
import {
  DELETED_REVISION,
  TOMBSTONE_REVISION,
  type DoubleLog,
  type ExpectedRevision,
  type LogPosition,
  type LogRecord,
  type ProposedEvent,
  type WriteOutcome,
} from './log'
import { anyPb, codePb, emptyPb, grpc, sharedPb, statusPb, streamsPb } from './proto'

/**
 * The `event_store.client.streams.Streams` service over a `DoubleLog`: Read (streams, $all,
 * filters, catch-up subscriptions), Append, BatchAppend, Delete and Tombstone, answering
 * with the messages, statuses and error metadata EventStoreDB sends.
 */

const utf8 = new TextEncoder()
const decoder = new TextDecoder()
/** EventStoreDB's default filter search window when a subscription asks for `count`. */
const DEFAULT_SEARCH_WINDOW = 32
const PAGE = 256

type ErrorStatus = Partial<StatusObject>

/** A call an append is held in: it tells when its connection is gone. */
export interface HeldCall {
  readonly cancelled: boolean
  once(event: 'cancelled', listener: () => void): unknown
}

/** What the service needs from the server it runs in. */
export interface ServiceContext {
  readonly log: DoubleLog
  /** Set while the double plays an outage: every call fails with UNAVAILABLE. */
  readonly isDown: () => boolean
  /** Subscriptions in flight, so a restart can end them. */
  readonly calls: Set<{ cancel(): void }>
  /**
   * Asked by an append whose request has fully arrived, before it writes: a promise when a
   * test holds this append (to kill its connection mid-append), which the write waits for.
   */
  readonly takeHold: (call: HeldCall) => Promise<void> | undefined
}

const statusError = (
  code: GrpcStatus,
  details: string,
  metadata: Record<string, string> = {},
): ErrorStatus => {
  const meta = new grpc.Metadata()
  for (const [key, value] of Object.entries(metadata)) meta.set(key, value)
  return { code, details, metadata: meta }
}

const unavailable = () => statusError(grpc.status.UNAVAILABLE, 'Server Is Not Ready')

const streamDeleted = (streamName: string) =>
  statusError(grpc.status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  })

const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  identifier === undefined ? '' : decoder.decode(identifier.getStreamName_asU8())

const identifierOf = (streamName: string): StreamIdentifier => {
  const identifier = new sharedPb.StreamIdentifier()
  identifier.setStreamName(utf8.encode(streamName))
  return identifier
}

const hexOf = (value: string) => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0')

const uuidText = (uuid: UUID | undefined): string => {
  if (uuid === undefined) return ''
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()
    const hex =
      hexOf(s?.getMostSignificantBits() ?? '0') + hexOf(s?.getLeastSignificantBits() ?? '0')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  return uuid.getString().toLowerCase()
}

const uuidMessage = (id: string, asString: boolean): UUID => {
  const uuid = new sharedPb.UUID()
  if (asString) {
    uuid.setString(id)
    return uuid
  }
  const hex = id.replaceAll('-', '')
  const structured = new sharedPb.UUID.Structured()
  structured.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
  structured.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString())
  uuid.setStructured(structured)
  return uuid
}

const revisionText = (revision: number): string =>
  revision === TOMBSTONE_REVISION ? DELETED_REVISION.toString() : String(revision)

const recordedEvent = (record: LogRecord, uuidAsString: boolean) => {
  const event = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
  event.setId(uuidMessage(record.id, uuidAsString))
  event.setStreamIdentifier(identifierOf(record.streamName))
  event.setStreamRevision(revisionText(record.revision))
  event.setCommitPosition(record.commit.toString())
  event.setPreparePosition(record.prepare.toString())
  const metadata = event.getMetadataMap()
  metadata.set('type', record.type)
  metadata.set('content-type', record.contentType)
  metadata.set('created', record.created.toString())
  event.setCustomMetadata(record.metadata)
  event.setData(record.data)
  return event
}

const eventResp = (record: LogRecord, uuidAsString: boolean): ReadResp => {
  const read = new streamsPb.ReadResp.ReadEvent()
  read.setEvent(recordedEvent(record, uuidAsString))
  read.setCommitPosition(record.commit.toString())
  const resp = new streamsPb.ReadResp()
  resp.setEvent(read)
  return resp
}

const expectedOf = (options: {
  hasRevision(): boolean
  getRevision(): string
  hasNoStream(): boolean
  hasStreamExists(): boolean
}): ExpectedRevision =>
  options.hasRevision()
    ? { kind: 'revision', revision: Number(options.getRevision()) }
    : options.hasNoStream()
      ? { kind: 'no_stream' }
      : options.hasStreamExists()
        ? { kind: 'stream_exists' }
        : { kind: 'any' }

type Filter = (record: LogRecord) => boolean

const filterOf = (options: ReadReq.Options): { accept: Filter; window: number } | undefined => {
  if (!options.hasFilter()) return undefined
  const filter = options.getFilter() as ReadReq.Options.FilterOptions
  const onStream = filter.hasStreamIdentifier()
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType()
  const regex = expression?.getRegex() ?? ''
  const prefixes = expression?.getPrefixList() ?? []
  const matcher = regex === '' ? undefined : new RegExp(regex)
  const test = (value: string) =>
    matcher !== undefined ? matcher.test(value) : prefixes.some((p) => value.startsWith(p))
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW
  return {
    accept: (record) => test(onStream ? record.streamName : record.type),
    window: window * Math.max(1, filter.getCheckpointintervalmultiplier()),
  }
}

const directionOf = (options: ReadReq.Options): 'forwards' | 'backwards' =>
  options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
    ? 'backwards'
    : 'forwards'

const positionOf = (position: ReadReq.Options.Position | undefined): LogPosition => ({
  commit: BigInt(position?.getCommitPosition() ?? '0'),
  prepare: BigInt(position?.getPreparePosition() ?? '0'),
})

const countOf = (options: ReadReq.Options): number =>
  options.hasCount() ? Math.min(Number(options.getCount()), Number.MAX_SAFE_INTEGER) : Infinity

/** Writes to a server stream, waiting when the client is slow (back-pressure). */
const send = async (
  call: ServerWritableStream<ReadReq, ReadResp>,
  message: ReadResp,
): Promise<void> => {
  if (!call.write(message)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        call.off('drain', done)
        call.off('cancelled', done)
        call.off('close', done)
        resolve()
      }
      call.on('drain', done)
      call.on('cancelled', done)
      call.on('close', done)
    })
  }
}

const fail = (call: { emit(event: 'error', error: unknown): boolean }, error: unknown) => {
  call.emit('error', error)
}

export const streamsService = (context: ServiceContext) => {
  const { log } = context

  const readStream = async (
    call: ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    uuidAsString: boolean,
  ) => {
    const stream = options.getStream() as ReadReq.Options.StreamOptions
    const streamName = streamNameOf(stream.getStreamIdentifier())
    const from = stream.hasStart()
      ? 'start'
      : stream.hasEnd()
        ? 'end'
        : Number(stream.getRevision())
    const result = log.readStream(streamName, {
      direction: directionOf(options),
      from,
      count: countOf(options),
    })
    if (result.kind === 'deleted') {
      fail(call, streamDeleted(streamName))
      return
    }
    if (result.kind === 'not-found') {
      const notFound = new streamsPb.ReadResp.StreamNotFound()
      notFound.setStreamIdentifier(identifierOf(streamName))
      const resp = new streamsPb.ReadResp()
      resp.setStreamNotFound(notFound)
      await send(call, resp)
      call.end()
      return
    }
    for (const record of result.records) await send(call, eventResp(record, uuidAsString))
    call.end()
  }

  const readAll = async (
    call: ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    uuidAsString: boolean,
  ) => {
    const all = options.getAll() as ReadReq.Options.AllOptions
    const filter = filterOf(options)
    const records = log.readAll({
      direction: directionOf(options),
      from: all.hasStart() ? 'start' : all.hasEnd() ? 'end' : positionOf(all.getPosition()),
      count: countOf(options),
      ...(filter === undefined ? {} : { accept: filter.accept }),
    })
    for (const record of records) await send(call, eventResp(record, uuidAsString))
    call.end()
  }

  /** A catch-up subscription: history after the start point, `caughtUp`, then live events. */
  const subscribe = async (
    call: ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    uuidAsString: boolean,
  ) => {
    let cancelled = false
    // A function, not a variable read: the loop's own checks would narrow the flag to false.
    const isCancelled = () => cancelled
    let cancel = () => undefined as void
    const stopped = new Promise<void>((resolve) => {
      cancel = () => {
        cancelled = true
        resolve()
      }
    })
    const handle = { cancel }
    context.calls.add(handle)
    call.on('cancelled', cancel)
    call.on('close', cancel)
    const filter = filterOf(options)
    const accept: Filter = filter?.accept ?? (() => true)

    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation()
    confirmation.setSubscriptionId(crypto.randomUUID())
    const confirm = new streamsPb.ReadResp()
    confirm.setConfirmation(confirmation)
    await send(call, confirm)

    // Where the subscription stands: a $all position, or a stream revision.
    const onStream = options.hasStream()
    let position: LogPosition | undefined
    let revision = -1
    let streamName = ''
    if (onStream) {
      const stream = options.getStream() as ReadReq.Options.StreamOptions
      streamName = streamNameOf(stream.getStreamIdentifier())
      revision = stream.hasStart()
        ? -1
        : stream.hasEnd()
          ? Number(log.lastRevision(streamName))
          : Number(stream.getRevision())
    } else {
      const all = options.getAll() as ReadReq.Options.AllOptions
      position = all.hasStart()
        ? undefined
        : all.hasEnd()
          ? log.headPosition
          : positionOf(all.getPosition())
    }
    let scanned = 0
    let caughtUp = false
    try {
      while (!cancelled) {
        const changed = log.changed()
        let page: LogRecord[]
        if (onStream) {
          const read = log.readStream(streamName, {
            direction: 'forwards',
            from: revision + 1,
            count: PAGE,
          })
          if (read.kind === 'deleted') {
            fail(call, streamDeleted(streamName))
            return
          }
          page = read.kind === 'ok' ? read.records : []
        } else {
          const after = position
          page = log.readAll({
            direction: 'forwards',
            from: after ?? 'start',
            count: PAGE + 1,
          })
          if (after !== undefined)
            page = page.filter(
              (r) =>
                r.commit > after.commit || (r.commit === after.commit && r.prepare > after.prepare),
            )
        }
        for (const record of page) {
          if (isCancelled()) return
          if (onStream) revision = record.revision
          else position = { commit: record.commit, prepare: record.prepare }
          scanned += 1
          if (accept(record)) await send(call, eventResp(record, uuidAsString))
          if (filter !== undefined && scanned % filter.window === 0) {
            const checkpoint = new streamsPb.ReadResp.Checkpoint()
            checkpoint.setCommitPosition(record.commit.toString())
            checkpoint.setPreparePosition(record.prepare.toString())
            const resp = new streamsPb.ReadResp()
            resp.setCheckpoint(checkpoint)
            await send(call, resp)
          }
        }
        if (page.length === 0) {
          if (!caughtUp) {
            caughtUp = true
            const resp = new streamsPb.ReadResp()
            resp.setCaughtUp(new streamsPb.ReadResp.CaughtUp())
            await send(call, resp)
          }
          await Promise.race([changed, stopped])
        }
      }
    } finally {
      context.calls.delete(handle)
    }
  }

  const read = (call: ServerWritableStream<ReadReq, ReadResp>) => {
    if (context.isDown()) {
      fail(call, unavailable())
      return
    }
    const options = call.request.getOptions()
    if (options === undefined) {
      fail(call, statusError(grpc.status.INVALID_ARGUMENT, 'options are required'))
      return
    }
    const uuidAsString = options.getUuidOption()?.hasString() ?? false
    const work = options.hasSubscription()
      ? subscribe(call, options, uuidAsString)
      : options.hasStream()
        ? readStream(call, options, uuidAsString)
        : readAll(call, options, uuidAsString)
    work.catch((error: unknown) => {
      fail(call, statusError(grpc.status.INTERNAL, String(error)))
    })
  }

  const proposed = (
    message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage,
  ): ProposedEvent | ErrorStatus => {
    const metadata = message.getMetadataMap()
    const type = metadata.get('type')
    const contentType = metadata.get('content-type')
    if (type === undefined || contentType === undefined) {
      return statusError(grpc.status.INVALID_ARGUMENT, 'Required metadata property missing', {
        exception: 'missing-required-metadata-property',
        'required-metadata-properties': 'type,content-type',
      })
    }
    return {
      id: uuidText(message.getId()),
      type,
      contentType,
      data: message.getData_asU8(),
      metadata: message.getCustomMetadata_asU8(),
    }
  }

  const isEvent = (value: ProposedEvent | ErrorStatus): value is ProposedEvent => 'id' in value

  /**
   * Runs an append's `write` now, or, when a test holds this append, once the hold is released:
   * a call whose connection was dropped while it was held writes nothing.
   */
  const whenReleased = (call: HeldCall, write: () => void) => {
    const hold = context.takeHold(call)
    if (hold === undefined) write()
    else
      void hold.then(() => {
        if (!call.cancelled) write()
      })
  }

  const append = (
    call: ServerReadableStream<AppendReq, AppendResp>,
    callback: sendUnaryData<AppendResp>,
  ) => {
    const messages: AppendReq[] = []
    call.on('data', (message: AppendReq) => messages.push(message))
    call.on('error', () => undefined)
    call.on('end', () => {
      whenReleased(call, write)
    })
    const write = () => {
      if (context.isDown()) {
        callback(unavailable())
        return
      }
      const [header, ...rest] = messages
      const options = header?.getOptions()
      if (options === undefined) {
        callback(statusError(grpc.status.INVALID_ARGUMENT, 'the first message holds the options'))
        return
      }
      const events = rest.map((m) => proposed(m.getProposedMessage() as AppendReq.ProposedMessage))
      const valid = events.filter(isEvent)
      const missing = events.find((e) => !isEvent(e))
      if (missing !== undefined && !isEvent(missing)) {
        callback(missing)
        return
      }
      const streamName = streamNameOf(options.getStreamIdentifier())
      const expected = expectedOf(options)
      const [error, resp] = appendReply(
        streamName,
        expected,
        log.append(streamName, expected, valid),
      )
      if (error === null) callback(null, resp)
      else callback(error)
    }
  }

  const appendReply = (
    streamName: string,
    expected: ExpectedRevision,
    outcome: WriteOutcome,
  ): [ErrorStatus, null] | [null, AppendResp] => {
    const resp = new streamsPb.AppendResp()
    switch (outcome.kind) {
      case 'stream-deleted':
        return [streamDeleted(streamName), null]
      case 'max-append-size-exceeded':
        return [
          statusError(
            grpc.status.INVALID_ARGUMENT,
            `Maximum Append Size of ${outcome.maxAppendSize} Exceeded.`,
            {
              exception: 'maximum-append-size-exceeded',
              'maximum-append-size': String(outcome.maxAppendSize),
            },
          ),
          null,
        ]
      case 'wrong-expected-version': {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion()
        if (outcome.currentRevision < 0) wrong.setCurrentNoStream(new sharedPb.Empty())
        else wrong.setCurrentRevision(String(outcome.currentRevision))
        if (expected.kind === 'any') wrong.setExpectedAny(new sharedPb.Empty())
        else if (expected.kind === 'stream_exists')
          wrong.setExpectedStreamExists(new sharedPb.Empty())
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty())
        else wrong.setExpectedRevision(String(expected.revision))
        resp.setWrongExpectedVersion(wrong)
        return [null, resp]
      }
      case 'ok': {
        const success = new streamsPb.AppendResp.Success()
        if (outcome.currentRevision < 0) success.setNoStream(new sharedPb.Empty())
        else success.setCurrentRevision(String(outcome.currentRevision))
        if (outcome.position.commit < 0n) success.setNoPosition(new sharedPb.Empty())
        else {
          const position = new streamsPb.AppendResp.Position()
          position.setCommitPosition(outcome.position.commit.toString())
          position.setPreparePosition(outcome.position.prepare.toString())
          success.setPosition(position)
        }
        resp.setSuccess(success)
        return [null, resp]
      }
    }
  }

  const batchStatus = (code: Code, message: string, typeName: string, detail: Uint8Array) => {
    const status = new statusPb.Status()
    status.setCode(code)
    status.setMessage(message)
    const details = new anyPb.Any()
    details.pack(detail, typeName)
    status.setDetails(details)
    return status
  }

  const batchReply = (
    correlationId: UUID | undefined,
    options: BatchAppendReq.Options,
    events: readonly ProposedEvent[],
  ): BatchAppendResp => {
    const streamName = streamNameOf(options.getStreamIdentifier())
    const expected: ExpectedRevision = options.hasStreamPosition()
      ? { kind: 'revision', revision: Number(options.getStreamPosition()) }
      : options.hasNoStream()
        ? { kind: 'no_stream' }
        : options.hasStreamExists()
          ? { kind: 'stream_exists' }
          : { kind: 'any' }
    const resp = new streamsPb.BatchAppendResp()
    if (correlationId !== undefined) resp.setCorrelationId(correlationId)
    resp.setStreamIdentifier(identifierOf(streamName))
    if (expected.kind === 'revision') resp.setStreamPosition(String(expected.revision))
    else if (expected.kind === 'no_stream') resp.setNoStream(new emptyPb.Empty())
    else if (expected.kind === 'stream_exists') resp.setStreamExists(new emptyPb.Empty())
    else resp.setAny(new emptyPb.Empty())
    const outcome = log.append(streamName, expected, events)
    switch (outcome.kind) {
      case 'stream-deleted': {
        const deleted = new sharedPb.StreamDeleted()
        deleted.setStreamIdentifier(identifierOf(streamName))
        resp.setError(
          batchStatus(
            codePb.Code.FAILED_PRECONDITION,
            `Event stream '${streamName}' is deleted.`,
            'event_store.client.StreamDeleted',
            deleted.serializeBinary(),
          ),
        )
        return resp
      }
      case 'max-append-size-exceeded': {
        const exceeded = new sharedPb.MaximumAppendSizeExceeded()
        exceeded.setMaxappendsize(outcome.maxAppendSize)
        resp.setError(
          batchStatus(
            codePb.Code.INVALID_ARGUMENT,
            `Maximum Append Size of ${outcome.maxAppendSize} Exceeded.`,
            'event_store.client.MaximumAppendSizeExceeded',
            exceeded.serializeBinary(),
          ),
        )
        return resp
      }
      case 'wrong-expected-version': {
        const wrong = new sharedPb.WrongExpectedVersion()
        if (outcome.currentRevision < 0) wrong.setCurrentNoStream(new emptyPb.Empty())
        else wrong.setCurrentStreamRevision(String(outcome.currentRevision))
        if (expected.kind === 'any') wrong.setExpectedAny(new emptyPb.Empty())
        else if (expected.kind === 'stream_exists')
          wrong.setExpectedStreamExists(new emptyPb.Empty())
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new emptyPb.Empty())
        else wrong.setExpectedStreamPosition(String(expected.revision))
        resp.setError(
          batchStatus(
            codePb.Code.FAILED_PRECONDITION,
            'Wrong expected version.',
            'event_store.client.WrongExpectedVersion',
            wrong.serializeBinary(),
          ),
        )
        return resp
      }
      case 'ok': {
        const success = new streamsPb.BatchAppendResp.Success()
        if (outcome.currentRevision < 0) success.setNoStream(new emptyPb.Empty())
        else success.setCurrentRevision(String(outcome.currentRevision))
        if (outcome.position.commit < 0n) success.setNoPosition(new emptyPb.Empty())
        else {
          const position = new sharedPb.AllStreamPosition()
          position.setCommitPosition(outcome.position.commit.toString())
          position.setPreparePosition(outcome.position.prepare.toString())
          success.setPosition(position)
        }
        resp.setSuccess(success)
        return resp
      }
    }
  }

  /** BatchAppend: chunks per correlation id until `is_final`; an unfinished batch is dropped. */
  const batchAppend = (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    if (context.isDown()) {
      fail(call, unavailable())
      return
    }
    const pending = new Map<string, { options: BatchAppendReq.Options; events: ProposedEvent[] }>()
    call.on('data', (request: BatchAppendReq) => {
      const key = uuidText(request.getCorrelationId())
      let entry = pending.get(key)
      if (entry === undefined) {
        const options = request.getOptions()
        if (options === undefined) {
          fail(call, statusError(grpc.status.INVALID_ARGUMENT, 'the first chunk holds the options'))
          return
        }
        entry = { options, events: [] }
        pending.set(key, entry)
      }
      for (const message of request.getProposedMessagesList()) {
        const event = proposed(message)
        if (!isEvent(event)) {
          fail(call, event)
          return
        }
        entry.events.push(event)
      }
      if (!request.getIsFinal()) return
      pending.delete(key)
      const { options, events } = entry
      const write = () => {
        if (context.isDown()) {
          fail(call, unavailable())
          return
        }
        call.write(batchReply(request.getCorrelationId(), options, events))
      }
      whenReleased(call, write)
    })
    call.on('error', () => undefined)
    call.on('end', () => {
      call.end()
    })
  }

  const deleteReply = (outcome: WriteOutcome, streamName: string) => {
    if (outcome.kind === 'stream-deleted') return { error: streamDeleted(streamName) }
    if (outcome.kind === 'wrong-expected-version') {
      return {
        error: statusError(grpc.status.FAILED_PRECONDITION, 'Wrong expected version.', {
          exception: 'wrong-expected-version',
          'stream-name': streamName,
          'actual-version': String(outcome.currentRevision),
        }),
      }
    }
    return { position: outcome.kind === 'ok' ? outcome.position : undefined }
  }

  const deleteStream = (
    call: ServerUnaryCall<DeleteReq, DeleteResp>,
    callback: sendUnaryData<DeleteResp>,
  ) => {
    if (context.isDown()) {
      callback(unavailable())
      return
    }
    const options = call.request.getOptions() as DeleteReq.Options
    const streamName = streamNameOf(options.getStreamIdentifier())
    const reply = deleteReply(log.delete(streamName, expectedOf(options)), streamName)
    if ('error' in reply) {
      callback(reply.error)
      return
    }
    const resp = new streamsPb.DeleteResp()
    const position = new streamsPb.DeleteResp.Position()
    position.setCommitPosition(reply.position?.commit.toString() ?? '0')
    position.setPreparePosition(reply.position?.prepare.toString() ?? '0')
    resp.setPosition(position)
    callback(null, resp)
  }

  const tombstone = (
    call: ServerUnaryCall<TombstoneReq, TombstoneResp>,
    callback: sendUnaryData<TombstoneResp>,
  ) => {
    if (context.isDown()) {
      callback(unavailable())
      return
    }
    const options = call.request.getOptions() as TombstoneReq.Options
    const streamName = streamNameOf(options.getStreamIdentifier())
    const reply = deleteReply(log.tombstone(streamName, expectedOf(options)), streamName)
    if ('error' in reply) {
      callback(reply.error)
      return
    }
    const resp = new streamsPb.TombstoneResp()
    const position = new streamsPb.TombstoneResp.Position()
    position.setCommitPosition(reply.position?.commit.toString() ?? '0')
    position.setPreparePosition(reply.position?.prepare.toString() ?? '0')
    resp.setPosition(position)
    callback(null, resp)
  }

  return { read, append, batchAppend, delete: deleteStream, tombstone }
}
