using BuildXpert.Notifications.Calls;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BuildXpert.Notifications.InApp;

/// <summary>
/// <c>/hubs/notifications</c>: authenticated with the access token (query string for WebSockets); each connection joins
/// only its own user's group for the role its token carries, so nobody can subscribe to someone else. Events:
/// <c>notification_created</c>, <c>booking_created</c>, <c>booking_updated</c>, <c>booking_unread_count_update</c>,
/// <c>earnings_updated</c> (<see cref="RealtimeEvents"/>); and in-app calls' WebRTC signalling (<c>call:*</c>, see
/// <see cref="CallSignalling"/>), each answered with the ack the apps wait for.
/// </summary>
[Authorize(Policy = AuthConstants.AuthenticatedPolicy)]
public sealed class NotificationHub(HubConnections connections, CallSignalling calls) : Hub
{
    public const string Path = "/hubs/notifications";

    public static string GroupOf(Guid userId, string role) => $"user:{userId}:{role}";

    /// <summary>
    /// The apps' Socket.IO <c>join(userId)</c>, kept so moving them to SignalR is a client swap. The connection is
    /// already in its own group; joining one's own id is a harmless no-op, any other id is refused and joins nothing.
    /// </summary>
    [HubMethodName("join")]
    public object Join(string userId) => userId == Context.User!.UserId().ToString()
        ? new { status = "success", userId }
        : new { status = "error", message = "Invalid userId" };

    [HubMethodName("call:initiate")]
    public Task<CallAck> CallInitiate(CallMessage? message) => calls.InitiateAsync(Context.ConnectionId, Me, MyRole, message ?? Empty);

    [HubMethodName("call:accept")]
    public Task<CallAck> CallAccept(CallMessage? message) => calls.AcceptAsync(Context.ConnectionId, Me, MyRole, message ?? Empty);

    [HubMethodName("call:reject")]
    public Task<CallAck> CallReject(CallMessage? message) => calls.RejectAsync(Context.ConnectionId, Me, MyRole, message ?? Empty);

    [HubMethodName("call:offer")]
    public Task<CallAck> CallOffer(CallMessage? message) => calls.RelayAsync(Context.ConnectionId, Me, MyRole, "call:offer", "offer", message?.Offer, message ?? Empty);

    [HubMethodName("call:answer")]
    public Task<CallAck> CallAnswer(CallMessage? message) => calls.RelayAsync(Context.ConnectionId, Me, MyRole, "call:answer", "answer", message?.Answer, message ?? Empty);

    [HubMethodName("call:ice-candidate")]
    public Task<CallAck> CallIceCandidate(CallMessage? message)
        => calls.RelayAsync(Context.ConnectionId, Me, MyRole, "call:ice-candidate", "candidate", message?.Candidate, message ?? Empty);

    [HubMethodName("call:end")]
    public Task<CallAck> CallEnd(CallMessage? message) => calls.HangUpAsync(Context.ConnectionId, Me, MyRole, message ?? Empty);

    private static readonly CallMessage Empty = new(BookingId: null);

    private Guid Me => Context.User!.UserId();

    private string MyRole => Context.User!.Role();

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(Context.User!.UserId(), Context.User!.Role()));
        if (Context.User!.FindFirst("jti")?.Value is { } jti)
        {
            connections.Opened(Context, jti);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        await calls.DisconnectedAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
