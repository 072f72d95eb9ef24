using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace BuildXpert.Persistence;

/// <summary>
/// Works around an Npgsql bug (10.0.3; upstream npgsql/npgsql#6391, open): when the database refuses a command on the
/// very execution that auto-prepares its statement (a NUL character or a division by zero in a parameter, a unique
/// violation on an INSERT … RETURNING), Npgsql's bookkeeping keeps the statement as prepared without its row shape, and
/// the next use of that statement on the same physical connection fails with "Received unexpected backend message
/// DataRow" (a 500) and breaks the connection. After a database error, this forgets the connection's prepared statements
/// (<see cref="NpgsqlConnection.UnprepareAll"/>) before its next command, which is outside the failed transaction by
/// then; the statements are prepared again after their next uses. Errors are rare (refused input, conflicts), so the
/// cost is a few re-plans. <c>PreparedStatementErrorTests</c> shows the bug and the repair.
/// </summary>
public sealed class PreparedStatementRepair : DbCommandInterceptor
{
    public static readonly PreparedStatementRepair Instance = new();

    /// <summary>Physical connections (server and backend process id) whose statements must be forgotten first.</summary>
    private readonly ConcurrentDictionary<(string? Server, int Backend), byte> _pending = new();

    /// <summary>How many entries <see cref="_pending"/> holds: the common case (none) costs one read per command.</summary>
    private int _pendingCount;

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Remember(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Remember(command, eventData.Exception);
        return Task.CompletedTask;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Repair(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Repair(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Repair(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Repair(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Repair(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Repair(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>The database answered with an error: the connection may hold a half-prepared statement.</summary>
    private void Remember(DbCommand command, Exception exception)
    {
        if ((exception is PostgresException || exception.InnerException is PostgresException) && KeyOf(command) is { } key
            && _pending.TryAdd(key, 0))
        {
            Interlocked.Increment(ref _pendingCount);
        }
    }

    /// <summary>
    /// Before a command on a remembered connection: forget its prepared statements (synchronously: DEALLOCATE ALL, one
    /// short round trip, and only after an error). If the transaction is still the failed one, the next command retries.
    /// </summary>
    private void Repair(DbCommand command)
    {
        if (Volatile.Read(ref _pendingCount) == 0 || KeyOf(command) is not { } key || !_pending.ContainsKey(key))
        {
            return;
        }

        try
        {
            ((NpgsqlConnection)command.Connection!).UnprepareAll();
        }
        catch (PostgresException)
        {
            return; // still inside the failed transaction ("commands ignored until end of transaction block")
        }

        if (_pending.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _pendingCount);
        }
    }

    private static (string? Server, int Backend)? KeyOf(DbCommand command)
        => command.Connection is NpgsqlConnection { State: System.Data.ConnectionState.Open } connection
            ? (connection.DataSource, connection.ProcessID)
            : null;
}
