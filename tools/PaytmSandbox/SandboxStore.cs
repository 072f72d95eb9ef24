using System.Collections.Concurrent;

namespace BuildXpert.PaytmSandbox;

/// <summary>The sandbox's in-memory state: orders by orderId, refunds by refId (unique across orders) and the injected faults.</summary>
public sealed class SandboxStore
{
    private readonly ConcurrentDictionary<string, SandboxOrder> orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SandboxRefund> refunds = new(StringComparer.Ordinal);
    private SandboxFaults faults = SandboxFaults.None;

    public SandboxFaults Faults
    {
        get => Volatile.Read(ref faults);
        set => Volatile.Write(ref faults, value);
    }

    /// <summary>False when the orderId was initiated before (Paytm rejects a duplicate orderId even after a failure).</summary>
    public bool TryAdd(SandboxOrder order) => orders.TryAdd(order.OrderId, order);

    public SandboxOrder? Find(string? orderId) => orderId is not null && orders.TryGetValue(orderId, out var order) ? order : null;

    /// <summary>False when the refId was used before.</summary>
    public bool TryAddRefund(SandboxRefund refund) => refunds.TryAdd(refund.RefId, refund);

    public SandboxRefund? FindRefund(string? refId) => refId is not null && refunds.TryGetValue(refId, out var refund) ? refund : null;
}
