using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Messaging;

/// <summary>
/// Base for every consumer: its effects and an <c>inbox</c> row (message id, consumer) commit in one transaction, so a
/// redelivered or duplicated message changes nothing and is acknowledged. If <see cref="HandleAsync"/> throws, nothing
/// is committed, the exception reaches MassTransit (retries, then the error queue) and the message is not acknowledged.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TContext>(TContext db, MessagingMetrics metrics, ILogger logger)
    : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    protected TContext Db => db;

    /// <summary>The inbox key of this consumer; stable across deployments (the class name).</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        var started = Stopwatch.GetTimestamp();
        var consumer = ConsumerName;
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
            db.Database.AutoSavepointsEnabled = false; // a failure rolls the whole transaction back: no savepoint round trips
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO inbox (message_id, consumer, processed_at) VALUES ({messageId}, {consumer}, now()) ON CONFLICT DO NOTHING",
                context.CancellationToken);
            if (claimed == 0)
            {
                metrics.Duplicate(consumer);
                logger.LogInformation("{Consumer} already handled message {MessageId}; acknowledged without effect", consumer, messageId);
                return;
            }

            await HandleAsync(context.Message, context);
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
            await AfterCommitAsync(context.Message, context);
        }
        catch
        {
            metrics.ConsumeFailed(consumer);
            throw;
        }
        finally
        {
            metrics.Consumed(consumer, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Applies the message's effects through <see cref="Db"/> (saved and committed by the base class).</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);

    /// <summary>Side effects outside the database (e.g. a real-time push), run only once the effects are committed.</summary>
    protected virtual Task AfterCommitAsync(TMessage message, ConsumeContext<TMessage> context) => Task.CompletedTask;
}
