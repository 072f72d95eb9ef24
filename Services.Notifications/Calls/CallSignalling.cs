using System.Text.Json;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.SignalR;

namespace BuildXpert.Notifications.Calls;

/// <summary>One <c>call:*</c> message from an app: the fields each event uses (the rest stay null).</summary>
public sealed record CallMessage(
    string? BookingId, string? CallerType = null, string? Reason = null, JsonElement? Offer = null, JsonElement? Answer = null,
    JsonElement? Candidate = null, string? To = null);

/// <summary>What a hub call answers (the Socket.IO ack the apps wait for).</summary>
public sealed record CallAck(string Status, string? Message = null, string? ErrorCode = null)
{
    public static readonly CallAck Success = new("success");

    public static CallAck Error(string code, string message) => new("error", message, code);
}

/// <summary>
/// WebRTC signalling for the booking parties, over the notifications hub (the original's Socket.IO events). The caller
/// is the token's account, never a client-sent id; only the call's two parties can accept, reject, relay or end it, and
/// relayed messages go only to the other party. State is in Redis (<see cref="CallRegistry"/>) and events travel the
/// SignalR Redis backplane, so the parties may be connected to different replicas. A call rings for
/// <see cref="RingTimeout"/>; the connection that placed or answered it closing ends it for the other party.
/// </summary>
public sealed class CallSignalling(
    CallRegistry registry, IHubContext<NotificationHub> hub, IServiceScopeFactory scopes, TimeProvider clock, ILogger<CallSignalling> logger)
{
    public static readonly TimeSpan RingTimeout = TimeSpan.FromSeconds(30);
    public const int InitiatesPerMinute = 5;
    public const int RelaysPerMinute = 600;
    public const int MaxRelayBytes = 16 * 1024;
    private const int Attempts = 5;

    public async Task<CallAck> InitiateAsync(string connectionId, Guid userId, string role, CallMessage message)
    {
        if (!Guid.TryParse(message.BookingId, out var bookingId))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.InvalidPayload, "Invalid call initiation payload - bookingId required");
        }

        if (!await registry.TryCountAsync($"initiate:{userId}", InitiatesPerMinute, TimeSpan.FromMinutes(1)))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.TooMany, "Too many call attempts. Please wait before trying again.");
        }

        CallParties parties;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            parties = await CallPermissions.CheckAsync(scope.ServiceProvider.GetRequiredService<NotificationsDbContext>(), bookingId, userId, role,
                message.CallerType, CallPermissions.Today(clock), CancellationToken.None);
        }
        catch (CallPermissionException refused)
        {
            return await RefuseAsync(connectionId, message.BookingId, refused.ErrorCode, refused.Message);
        }

        var now = clock.GetUtcNow();
        var call = new ActiveCall(bookingId, userId, role, parties.CallerName, parties.ReceiverId, parties.ReceiverRole, parties.ReceiverName,
            parties.ServiceName, ActiveCall.Ringing, now.ToUnixTimeMilliseconds(), null, connectionId, null);
        if (!await registry.TryStartAsync(call, now + RingTimeout))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.Busy, "A call for this booking (or on this connection) is already in progress");
        }

        await SendAsync(call.ReceiverId, call.ReceiverRole, "call:incoming", new
        {
            bookingId,
            callerId = userId,
            callerName = call.CallerName,
            receiverId = call.ReceiverId,
            receiverName = call.ReceiverName,
            serviceName = call.ServiceName,
        });
        return CallAck.Success;
    }

    public Task<CallAck> AcceptAsync(string connectionId, Guid userId, string role, CallMessage message)
        => ChangeAsync(connectionId, message, (call, now) => call.Status == ActiveCall.Ringing && call.ReceiverId == userId && call.ReceiverRole == role
            ? call with { Status = ActiveCall.Active, AcceptedAtMs = now, ReceiverConnection = connectionId }
            : null,
            call => SendAsync(call.CallerId, call.CallerRole, "call:accepted", new { bookingId = call.BookingId, receiverId = call.ReceiverId }));

    public async Task<CallAck> RejectAsync(string connectionId, Guid userId, string role, CallMessage message)
    {
        var reason = string.IsNullOrWhiteSpace(message.Reason) ? "declined" : message.Reason.Trim()[..Math.Min(message.Reason.Trim().Length, 100)];
        return await EndAsync(connectionId, message, call => call.Status == ActiveCall.Ringing && call.ReceiverId == userId && call.ReceiverRole == role,
            call => SendAsync(call.CallerId, call.CallerRole, "call:rejected", new { bookingId = call.BookingId, reason }));
    }

    public async Task<CallAck> HangUpAsync(string connectionId, Guid userId, string role, CallMessage message)
        => await EndAsync(connectionId, message, call => call.IsParty(userId, role), async call =>
        {
            var duration = call.AcceptedAtMs is { } accepted ? (int)((clock.GetUtcNow().ToUnixTimeMilliseconds() - accepted) / 1000) : 0;
            var ended = new { bookingId = call.BookingId, duration, endedBy = userId };
            await SendAsync(call.CallerId, call.CallerRole, "call:ended", ended);
            await SendAsync(call.ReceiverId, call.ReceiverRole, "call:ended", ended);
        });

    /// <summary>
    /// <c>call:offer</c> (the caller's), <c>call:answer</c> (the callee's), <c>call:ice-candidate</c> (either's): passed
    /// to the other party of an accepted call only, at most <see cref="MaxRelayBytes"/> each and
    /// <see cref="RelaysPerMinute"/> a minute per account.
    /// </summary>
    public async Task<CallAck> RelayAsync(string connectionId, Guid userId, string role, string eventName, string field, JsonElement? payload, CallMessage message)
    {
        if (!Guid.TryParse(message.BookingId, out var bookingId) || payload is not { ValueKind: JsonValueKind.Object or JsonValueKind.String } value
            || value.GetRawText().Length > MaxRelayBytes)
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.InvalidPayload, $"Invalid {eventName} payload");
        }

        if (!await registry.TryCountAsync($"relay:{userId}", RelaysPerMinute, TimeSpan.FromMinutes(1)))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.TooMany, "Too many call messages. Please slow down.");
        }

        var call = await registry.GetAsync(bookingId);
        var direction = eventName switch
        {
            "call:offer" => call?.CallerId == userId,
            "call:answer" => call?.ReceiverId == userId,
            _ => true,
        };
        if (call is not { Status: ActiveCall.Active } || !call.IsParty(userId, role) || !direction
            || (message.To is { Length: > 0 } to && (!Guid.TryParse(to, out var target) || target != call.PeerOf(userId).UserId)))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.NoSuchCall, "No call in progress for this booking");
        }

        var (peer, peerRole) = call.PeerOf(userId);
        await SendAsync(peer, peerRole, eventName, new Dictionary<string, object?> { ["bookingId"] = bookingId, [field] = payload, ["from"] = userId });
        return CallAck.Success;
    }

    /// <summary>A hub connection closed: the call it was in ends, and the other party hears why.</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        for (var attempt = 0; attempt < Attempts && await registry.CallOfConnectionAsync(connectionId) is { } bookingId; attempt++)
        {
            var call = await registry.GetAsync(bookingId);
            if (call is null || (call.CallerConnection != connectionId && call.ReceiverConnection != connectionId))
            {
                return;
            }

            if (await registry.TryEndAsync(call))
            {
                var leaver = call.CallerConnection == connectionId ? call.CallerId : call.ReceiverId;
                var (peer, peerRole) = call.PeerOf(leaver);
                await SendAsync(peer, peerRole, "call:ended", new { bookingId, reason = "disconnect", endedBy = leaver });
                return;
            }
        }
    }

    /// <summary>Calls nobody answered within the ring timeout: both parties are told (the original told only the caller).</summary>
    public async Task<int> EndUnansweredAsync()
    {
        var ended = 0;
        var now = clock.GetUtcNow();
        foreach (var bookingId in await registry.ClaimOverdueAsync(now))
        {
            var call = await registry.GetAsync(bookingId);
            if (call is { Status: ActiveCall.Ringing } && now.ToUnixTimeMilliseconds() - call.StartedAtMs < RingTimeout.TotalMilliseconds)
            {
                await registry.RingUntilAsync(call, DateTimeOffset.FromUnixTimeMilliseconds(call.StartedAtMs) + RingTimeout); // a newer call of the booking
                continue;
            }

            if (call is { Status: ActiveCall.Ringing } && await registry.TryEndAsync(call))
            {
                var timedOut = new { bookingId, duration = 0, endedBy = "timeout", reason = "Call timed out - no answer" };
                await SendAsync(call.CallerId, call.CallerRole, "call:ended", timedOut);
                await SendAsync(call.ReceiverId, call.ReceiverRole, "call:ended", timedOut);
                ended++;
            }
        }

        return ended;
    }

    private async Task<CallAck> ChangeAsync(string connectionId, CallMessage message, Func<ActiveCall, long, ActiveCall?> change, Func<ActiveCall, Task> then)
    {
        if (Guid.TryParse(message.BookingId, out var bookingId))
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var call = await registry.GetAsync(bookingId);
                if (call is null || change(call, clock.GetUtcNow().ToUnixTimeMilliseconds()) is not { } next)
                {
                    break;
                }

                if (await registry.TryUpdateAsync(call, next))
                {
                    await then(next);
                    return CallAck.Success;
                }
            }
        }

        return await RefuseAsync(connectionId, message.BookingId, CallErrors.NoSuchCall, "No call in progress for this booking");
    }

    private async Task<CallAck> EndAsync(string connectionId, CallMessage message, Func<ActiveCall, bool> allowed, Func<ActiveCall, Task> then)
    {
        if (Guid.TryParse(message.BookingId, out var bookingId))
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var call = await registry.GetAsync(bookingId);
                if (call is null || !allowed(call))
                {
                    break;
                }

                if (await registry.TryEndAsync(call))
                {
                    await then(call);
                    return CallAck.Success;
                }
            }
        }

        return await RefuseAsync(connectionId, message.BookingId, CallErrors.NoSuchCall, "No call in progress for this booking");
    }

    private async Task<CallAck> RefuseAsync(string connectionId, string? bookingId, string code, string text)
    {
        await hub.Clients.Client(connectionId).SendAsync("call:error", new { bookingId, message = text, errorCode = code });
        return CallAck.Error(code, text);
    }

    private async Task SendAsync(Guid userId, string role, string eventName, object payload)
    {
        try
        {
            await hub.Clients.Group(NotificationHub.GroupOf(userId, role)).SendAsync(eventName, payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not send {Event} to {UserId}", eventName, userId);
        }
    }
}

/// <summary>Ends unanswered calls once their ring timeout passes (every second; each call on one replica only).</summary>
public sealed class CallRingTimeouts(CallSignalling signalling, TimeProvider clock, ILogger<CallRingTimeouts> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await signalling.EndUnansweredAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Ring timeouts skipped this second ({Error}: {Message})", ex.GetType().Name, ex.Message);
            }
        }
    }
}
