using System.IO.Pipelines;
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
    public static IApplicationBuilder UseShutdownSafeRequestBody(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Bodies only; a body already replaced by a seekable buffer (Idempotency-Key requests) keeps its own reader.
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            if (!context.Request.Body.CanSeek)
            {
                var reader = new IgnoringWakeUps(context.Request.BodyReader);
                var stream = reader.AsStream();
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
                }

                return replaced.Reader;
            }
        }
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
