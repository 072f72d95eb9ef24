using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace BuildXpert.Persistence;

/// <summary>
/// Works around an Npgsql bug (seen in 10.0.3; https://github.com/npgsql/npgsql/issues/6391, open upstream): when the
/// database refuses a command on the very execution that auto-prepares its statement (a NUL character, a division by
/// zero; upstream, a too-long value in an <c>INSERT … RETURNING</c>), Npgsql keeps the statement as prepared without its row shape, and the
/// statement's next use on the same physical connection fails with "Received unexpected backend message
/// DataRow" (a 500) and breaks the connection.
/// <para>
/// After a database error this forgets the connection's prepared statements (<see cref="NpgsqlConnection.UnprepareAll"/>,
/// one <c>DEALLOCATE ALL</c>): at once when the command ran outside a transaction; otherwise before the connection's
/// next command, which by then is normally outside the failed transaction (inside it, <c>DEALLOCATE</c> is refused and
/// tried again on the following command). The statements are prepared again after their next uses, so each error costs
/// that connection a few re-plans. Tried and not affected (Npgsql handles them): a cancelled query (57014), and a
/// SaveChanges batch whose later statement is refused. Not covered: commands sent outside EF Core (the
/// migrator's advisory lock, the outbox relay's LISTEN and its ping). Services refuse NUL characters before any database call (<c>RequestTextRules</c>), so the cheapest way for a
/// request to cause such an error is gone; conflicts (unique violations) remain, and are repaired here.
/// </para>
/// <c>PreparedStatementErrorTests</c> shows the bug and the repair.
/// </summary>
public sealed class PreparedStatementRepair : DbCommandInterceptor
{
    public static readonly PreparedStatementRepair Instance = new();

    /// <summary>Bound on remembered connections: entries for connections closed before their next command are dropped.</summary>
    private const int MaxPending = 1_000;

    /// <summary>Physical connections (server and backend process id) whose statements must be forgotten first.</summary>
    private readonly ConcurrentDictionary<(string? Server, int Backend), byte> _pending = new();

    /// <summary>How many entries <see cref="_pending"/> holds: the common case (none) costs one read per command.</summary>
    private int _pendingCount;

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => AfterError(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterError(command, eventData.Exception);
        return Task.CompletedTask;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        RepairIfRemembered(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        RepairIfRemembered(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        RepairIfRemembered(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RepairIfRemembered(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        RepairIfRemembered(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        RepairIfRemembered(command);
        return ValueTask.FromResult(result);
    }

    private void AfterError(DbCommand command, Exception exception)
    {
        if (command.Connection is not NpgsqlConnection connection || !IsFromDatabase(exception))
        {
            return;
        }

        if (command.Transaction is null && TryUnprepare(connection))
        {
            return; // the connection is ready again: nothing to remember
        }

        Remember(connection);
    }

    /// <summary>The database answered with an error (as opposed to a broken connection or a client-side failure).</summary>
    private static bool IsFromDatabase(Exception exception)
        => exception is PostgresException || exception.InnerException is PostgresException;

    private void Remember(NpgsqlConnection connection)
    {
        if (KeyOf(connection) is not { } key)
        {
            return; // closed or broken: Npgsql does not return a broken connection to the pool
        }

        if (Volatile.Read(ref _pendingCount) >= MaxPending)
        {
            _pending.Clear(); // only connections closed before their next command are lost: they are not reused
            Interlocked.Exchange(ref _pendingCount, 0);
        }

        if (_pending.TryAdd(key, 0))
        {
            Interlocked.Increment(ref _pendingCount);
        }
    }

    /// <summary>Before a command on a remembered connection: forget its prepared statements first.</summary>
    private void RepairIfRemembered(DbCommand command)
    {
        if (Volatile.Read(ref _pendingCount) == 0 || command.Connection is not NpgsqlConnection connection
            || KeyOf(connection) is not { } key || !_pending.ContainsKey(key))
        {
            return;
        }

        if (TryUnprepare(connection) && _pending.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _pendingCount);
        }
    }

    /// <summary>
    /// <c>DEALLOCATE ALL</c>, synchronously (Npgsql has no asynchronous form; one short round trip, only after an error).
    /// False while the failed transaction is still open ("commands ignored until end of transaction block").
    /// </summary>
    private static bool TryUnprepare(NpgsqlConnection connection)
    {
        try
        {
            connection.UnprepareAll();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    private static (string? Server, int Backend)? KeyOf(NpgsqlConnection connection)
        => connection.State == System.Data.ConnectionState.Open ? (connection.DataSource, connection.ProcessID) : null;
}
