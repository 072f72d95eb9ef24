namespace BuildXpert.Messaging;

/// <summary>
/// An integration event waiting to be published (table <c>outbox</c>), written in the same transaction as the change
/// that caused it. Its id is the event id and becomes the RabbitMQ message id, so consumers can de-duplicate.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>"Full.Type.Name, Assembly" of the event record.</summary>
    public required string MessageType { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>W3C traceparent of the request that wrote the event, so the consumer joins its trace.</summary>
    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>A message a consumer has handled (table <c>inbox</c>); written in the same transaction as its effects.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
