using System.IO.Pipelines;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>
/// At graceful shutdown (SIGTERM) Kestrel wakes every connection's reader with <c>CancelPendingRead</c>. On .NET 10 a
/// request whose body was still arriving at that moment could see that wake-up as a canceled read: System.Text.Json
/// then throws <c>OperationCanceledException: PipeReader.ReadAsync was canceled</c> and the in-flight request, which
/// should finish, was answered 500 (reproduced by the graceful-shutdown end-to-end test under CPU load, about one run
/// in three). Nothing in this system cancels a body read on purpose, so a canceled read here is only that wake-up:
/// the data it carries is returned, or the read is simply made again. A client that really goes away still ends the
/// read (completed or aborted), and the request's own cancellation token still cancels it.
/// </summary>
public static class ShutdownSafeRequestBody
{
    /// <summary>
    /// A startup filter, registered by AddServiceDefaults before any other: its middleware is the first of the pipeline,
    /// ahead of the Idempotency-Key buffering (BufferKeyedRequests, also a startup filter) and of the gateway's body
    /// reading, so a body they buffer later is read through it too.
    /// </summary>
    public static IServiceCollection AddShutdownSafeRequestBody(this IServiceCollection services)
        => services.AddTransient<IStartupFilter, FirstInPipeline>();

    private sealed class FirstInPipeline : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseShutdownSafeRequestBody();
            next(app);
        };
    }

    public static IApplicationBuilder UseShutdownSafeRequestBody(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Bodies only. First in the pipeline, nothing has replaced the body yet; a body replaced later by a buffer
        // (EnableBuffering) reads from this one, and BodyPipe then hands out a reader over the buffer.
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            if (!context.Request.Body.CanSeek)
            {
                var reader = new IgnoringWakeUps(context.Request.BodyReader);
                var stream = new AsyncOnlyStream(reader.AsStream(leaveOpen: true), context);
                context.Request.Body = stream;
                context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(context.Request, stream, reader));
            }
        }

        return next(context);
    });

    /// <summary>As Kestrel's own feature: once a later step replaces the body (EnableBuffering), read that one.</summary>
    private sealed class BodyPipe(HttpRequest request, Stream stream, PipeReader reader) : IRequestBodyPipeFeature
    {
        private (Stream Body, PipeReader Reader)? _replaced;

        public PipeReader Reader
        {
            get
            {
                if (ReferenceEquals(request.Body, stream))
                {
                    return reader;
                }

                if (_replaced is not { } replaced || !ReferenceEquals(replaced.Body, request.Body))
                {
                    _replaced = replaced = (request.Body, PipeReader.Create(request.Body, new StreamPipeReaderOptions(leaveOpen: true)));
                    request.HttpContext.Response.RegisterForDisposeAsync(new CompletedWithRequest(replaced.Reader)); // returns its buffers
                }

                return replaced.Reader;
            }
        }
    }

    private sealed class CompletedWithRequest(PipeReader reader) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => reader.CompleteAsync();
    }

    /// <summary>
    /// The body as a stream, refusing blocking reads as Kestrel's own does (unless <c>AllowSynchronousIO</c>): a blocking
    /// read of a slow client's body would pin a thread-pool thread.
    /// </summary>
    private sealed class AsyncOnlyStream(Stream inner, HttpContext context) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
            => context.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO == true
                ? inner.Read(buffer, offset, count)
                : throw new InvalidOperationException("Synchronous operations are disallowed. Call ReadAsync or set AllowSynchronousIO to true instead.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => inner.ReadAsync(buffer, cancellationToken);

        public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
            => inner.CopyToAsync(destination, bufferSize, cancellationToken);

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A request body reader that treats a canceled read as the shutdown wake-up it is.</summary>
    public sealed class IgnoringWakeUps(PipeReader inner) : PipeReader
    {
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                var result = await inner.ReadAsync(cancellationToken);
                if (!result.IsCanceled)
                {
                    return result;
                }

                if (!result.Buffer.IsEmpty || result.IsCompleted)
                {
                    return new ReadResult(result.Buffer, isCanceled: false, result.IsCompleted);
                }

                inner.AdvanceTo(result.Buffer.Start); // nothing consumed: read again
            }
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }

            if (!result.IsCanceled)
            {
                return true;
            }

            if (!result.Buffer.IsEmpty || result.IsCompleted)
            {
                result = new ReadResult(result.Buffer, isCanceled: false, result.IsCompleted);
                return true;
            }

            inner.AdvanceTo(result.Buffer.Start);
            result = default;
            return false;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}
