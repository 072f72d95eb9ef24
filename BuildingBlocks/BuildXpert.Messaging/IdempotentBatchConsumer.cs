using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.Messaging;

/// <summary>
/// The inbox for high-volume event types: MassTransit hands over up to <see cref="BatchConsumerDefinition{T}.MessageLimit"/>
/// messages at once; one transaction records them all in <c>inbox</c> (<c>ON CONFLICT DO NOTHING RETURNING</c>), handles
/// only the new ones (each id once, even if the batch repeats it), and commits their effects with them. If the handler
/// throws, the batch rolls back and each of its messages is then handled alone, in a transaction of its own, so one
/// poison message cannot hold back the others' effects (not for a transient database failure, which fails the batch at
/// once); if any still fails, the batch is retried (the inbox skips the ones already handled) and its messages then go
/// to the error queue, handled ones included (replaying them is harmless: the inbox skips them).
/// </summary>
public abstract class IdempotentBatchConsumer<TMessage, TContext>(TContext db, MessagingMetrics metrics, ILogger logger)
    : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TContext : DbContext
{
    protected TContext Db => db;

    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var started = Stopwatch.GetTimestamp();
        var consumer = ConsumerName;
        var ct = context.CancellationToken;
        var items = context.Message
            .Select(m => (Id: m.MessageId ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id."), m.Message))
            .ToList();
        try
        {
            try
            {
                await HandleInTransactionAsync(items, consumer, ct);
            }
            catch (Exception ex) when (items.Select(i => i.Id).Distinct().Count() > 1 && !IsTransient(ex) && !ct.IsCancellationRequested)
            {
                // A fault of the data, not of the database: find which message it is, and commit the others.
                logger.LogWarning(ex, "{Consumer} failed on a batch of {Count}; handling its messages one by one", consumer, items.Count);
                List<Exception> failures = [];
                foreach (var item in items.DistinctBy(i => i.Id))
                {
                    try
                    {
                        await HandleInTransactionAsync([item], consumer, ct);
                    }
                    catch (Exception single) when (!IsTransient(single) && !ct.IsCancellationRequested)
                    {
                        failures.Add(single);
                    }
                }

                if (failures.Count > 0)
                {
                    // MassTransit faults the whole batch: the handled messages are retried and parked with the poison,
                    // and the inbox skips them on any replay. The first few failures are enough to find the poison.
                    throw new AggregateException($"{consumer}: {failures.Count} of {items.Count} messages failed alone", failures.Take(5));
                }
            }
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

    /// <summary>Claims the new ones of <paramref name="items"/> in the inbox and commits their effects with the claim.</summary>
    private async Task HandleInTransactionAsync(IReadOnlyList<(Guid Id, TMessage Message)> items, string consumer, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Database.AutoSavepointsEnabled = false; // a failure rolls the whole transaction back: no savepoint round trips
        // Sorted, so that two batches claiming some of the same ids lock their inbox rows in one order (no deadlock).
        var fresh = await ClaimAsync(items.Select(i => i.Id).Distinct().Order().ToArray(), consumer, ct);
        var toHandle = items.Where(i => fresh.Contains(i.Id)).DistinctBy(i => i.Id).Select(i => i.Message).ToList();
        if (toHandle.Count > 0)
        {
            await HandleBatchAsync(toHandle, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        var duplicates = items.Count - toHandle.Count; // counted once committed: a rolled-back attempt skipped nothing
        if (duplicates > 0)
        {
            metrics.Duplicate(consumer, duplicates);
            logger.LogInformation("{Consumer} skipped {Duplicates} already handled message(s) in a batch of {Count}", consumer, duplicates, items.Count);
        }

        if (toHandle.Count > 0)
        {
            await AfterCommitAsync(toHandle, ct);
        }
    }

    /// <summary>The database or the network failed (worth retrying the batch as it is), as opposed to a message's own fault.</summary>
    private static bool IsTransient(Exception ex)
        => ex is TimeoutException or NpgsqlException { IsTransient: true }
           || (ex.InnerException is { } inner && IsTransient(inner));

    /// <summary>
    /// Applies the effects of the new messages through <see cref="Db"/> (saved and committed by the base class). It may
    /// run twice for one attempt (the batch, then a message alone), so it must only change the database, or queue effects
    /// for <see cref="AfterCommitAsync"/> that it clears first (a rolled-back attempt's must not be sent).
    /// </summary>
    protected abstract Task HandleBatchAsync(IReadOnlyList<TMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Side effects outside the database (e.g. real-time pushes) for the messages whose effects were just committed: once
    /// per committed transaction, so after the batch, or after each message when a failed batch is handled one by one.
    /// It must not throw (the effects are committed; a throw would only fault messages that are already handled).
    /// </summary>
    protected virtual Task AfterCommitAsync(IReadOnlyList<TMessage> handled, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The ids of <paramref name="ids"/> not yet in the inbox, now claimed in the current transaction. Through EF Core, so
    /// that its command interceptors (PreparedStatementRepair) see this statement too. Never compose it (no Where, Take):
    /// EF Core would wrap the INSERT in a subquery, which PostgreSQL refuses.
    /// </summary>
    private async Task<HashSet<Guid>> ClaimAsync(Guid[] ids, string consumer, CancellationToken ct)
    {
        var fresh = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO inbox (message_id, consumer, processed_at)
            SELECT id, {consumer}, now() FROM unnest({ids}::uuid[]) AS id
            ON CONFLICT DO NOTHING
            RETURNING message_id AS "Value"
            """).ToListAsync(ct);
        return [.. fresh];
    }
}

/// <summary>Batch settings for an <see cref="IdempotentBatchConsumer{TMessage,TContext}"/>: up to 100 messages or 20 ms.</summary>
public sealed class BatchConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public const int MessageLimit = 100;
    public const int ConcurrencyLimit = 2;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = MessageLimit * ConcurrencyLimit;
        }

        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(ConcurrencyLimit));
    }
}

public static class BatchConsumerRegistration
{
    /// <summary>Registers an <see cref="IdempotentBatchConsumer{TMessage,TContext}"/> with its batch settings.</summary>
    public static void AddIdempotentBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus) where TConsumer : class, IConsumer
        => bus.AddConsumer<TConsumer, BatchConsumerDefinition<TConsumer>>();
}
