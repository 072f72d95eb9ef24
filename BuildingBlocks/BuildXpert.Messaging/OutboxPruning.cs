using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Messaging;

/// <summary>
/// Deletes sent outbox rows and inbox rows older than <see cref="OutboxOptions.Retention"/>, 10,000 of each per pass;
/// a scheduled job, so one replica prunes per occurrence.
/// </summary>
public sealed class OutboxPruning<TContext>(TContext db, IOptions<OutboxOptions> options, ILogger<OutboxPruning<TContext>> logger) : IScheduledJob
    where TContext : DbContext
{
    public const string JobName = "outbox-pruning";

    public async Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken)
    {
        var cutoff = options.Value.Retention;
        var outbox = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < now() - {cutoff} LIMIT 10000)", cancellationToken);
        var inbox = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox WHERE processed_at < now() - {cutoff} LIMIT 10000)", cancellationToken);
        if (outbox + inbox > 0)
        {
            logger.LogInformation("Pruned {Outbox} sent outbox row(s) and {Inbox} inbox row(s) older than {Retention}", outbox, inbox, cutoff);
        }
    }
}
