using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class SmsQueueAndPush : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "sent_at",
                table: "sms_messages",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "sms_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "sms_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expires_at",
                table: "sms_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "sms_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                table: "sms_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "provider_message_id",
                table: "sms_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "sms_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "sms_messages",
                type: "text",
                nullable: false,
                defaultValue: "pending");

            // Rows from before the queue were already delivered by the development sink: keep them out of the queue.
            migrationBuilder.Sql("UPDATE sms_messages SET status = 'sent', created_at = sent_at");

            migrationBuilder.CreateTable(
                name: "push_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token = table.Column<string>(type: "text", nullable: false),
                    category = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    badge = table.Column<int>(type: "integer", nullable: true),
                    sound = table.Column<bool>(type: "boolean", nullable: false),
                    channel_id = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ticket_id = table.Column<string>(type: "text", nullable: true),
                    receipt_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_push_deliveries", x => x.id);
                    table.CheckConstraint("ck_push_deliveries_status", "status IN ('pending','sent','delivered','failed')");
                });

            migrationBuilder.CreateTable(
                name: "push_settings",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    booking_updates = table.Column<bool>(type: "boolean", nullable: false),
                    reminders = table.Column<bool>(type: "boolean", nullable: false),
                    promotional = table.Column<bool>(type: "boolean", nullable: false),
                    sound_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    vibration_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_push_settings", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "push_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    token = table.Column<string>(type: "text", nullable: false),
                    device_info = table.Column<string>(type: "jsonb", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_push_tokens", x => x.id);
                    table.CheckConstraint("ck_push_tokens_role", "role IN ('user','provider','admin')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_sms_messages_next_attempt_at",
                table: "sms_messages",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_sms_messages_phone_created_at",
                table: "sms_messages",
                columns: new[] { "phone", "created_at" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_sms_messages_status",
                table: "sms_messages",
                sql: "status IN ('pending','sent','failed','suppressed','expired')");

            migrationBuilder.CreateIndex(
                name: "ix_push_deliveries_next_attempt_at",
                table: "push_deliveries",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_push_deliveries_receipt_due_at",
                table: "push_deliveries",
                column: "receipt_due_at",
                filter: "status = 'sent'");

            migrationBuilder.CreateIndex(
                name: "ix_push_deliveries_user_id_created_at",
                table: "push_deliveries",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_push_tokens_token",
                table: "push_tokens",
                column: "token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_push_tokens_user_id_role",
                table: "push_tokens",
                columns: new[] { "user_id", "role" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "push_deliveries");

            migrationBuilder.DropTable(
                name: "push_settings");

            migrationBuilder.DropTable(
                name: "push_tokens");

            migrationBuilder.DropIndex(
                name: "ix_sms_messages_next_attempt_at",
                table: "sms_messages");

            migrationBuilder.DropIndex(
                name: "ix_sms_messages_phone_created_at",
                table: "sms_messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_sms_messages_status",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "provider_message_id",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "sms_messages");

            migrationBuilder.DropColumn(
                name: "status",
                table: "sms_messages");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "sent_at",
                table: "sms_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)),
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);
        }
    }
}
