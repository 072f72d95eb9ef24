using System.Globalization;
using Npgsql;

namespace BuildXpert.Bench;

/// <summary>The invariant queries, straight against the services' databases.</summary>
public static class Database
{
    public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Array? values = null, Array? more = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (values is not null)
        {
            command.Parameters.AddWithValue("p", values);
        }

        if (more is not null)
        {
            command.Parameters.AddWithValue("q", more);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Booking notifications per account and role (the titles Notifications gives booking events).</summary>
    public static async Task<Dictionary<(Guid, string), long>> BookingNotificationsAsync(NpgsqlConnection connection)
    {
        var counted = new Dictionary<(Guid, string), long>();
        await using var command = new NpgsqlCommand("SELECT user_id, role, count(*) FROM notifications WHERE title = ANY(@p) GROUP BY 1, 2", connection);
        command.Parameters.AddWithValue("p", new[] { "Booking Confirmed", "New Booking", "Booking Accepted", "Booking Completed" });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counted[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt64(2);
        }

        return counted;
    }
}
