using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BuildXpert.Messaging;

public static class MessagingModel
{
    /// <summary>The PostgreSQL channel the outbox trigger notifies; the relay LISTENs on it (per database).</summary>
    public const string NotifyChannel = "outbox";

    /// <summary>Adds the <c>outbox</c> and <c>inbox</c> tables to a service's model.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageType).HasMaxLength(500);
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
            e.Property(m => m.NextAttemptAt).HasDefaultValueSql("now()");
            // The relay's claim query walks this index in order (next_attempt_at, created_at) and stops after a batch.
            e.HasIndex(m => new { m.NextAttemptAt, m.CreatedAt }).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_pending");
            e.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_outbox_sent");
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.Property(m => m.ProcessedAt).HasDefaultValueSql("now()");
            e.HasIndex(m => m.ProcessedAt);
        });
        return modelBuilder;
    }

    /// <summary>Call from the migration that creates the outbox: rows wake the relay on commit (NOTIFY is transactional).</summary>
    public static void CreateOutboxNotifyTrigger(this MigrationBuilder migrationBuilder) => migrationBuilder.Sql(OutboxNotifyTriggerSql);

    public static readonly string OutboxNotifyTriggerSql = $"""
        CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{NotifyChannel}', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
        """;

    public static void DropOutboxNotifyTrigger(this MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP TRIGGER IF EXISTS outbox_inserted ON outbox;
        DROP FUNCTION IF EXISTS outbox_notify();
        """);
}
