using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class Calls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_logs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    logged_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    call_sid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    caller_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    caller_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    call_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    call_duration = table.Column<int>(type: "integer", nullable: false),
                    connection_quality = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    error_details = table.Column<string>(type: "jsonb", nullable: true),
                    metrics = table.Column<string>(type: "jsonb", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_logs", x => x.id);
                    table.CheckConstraint("ck_call_logs_caller_type", "caller_type IN ('user','provider')");
                });

            migrationBuilder.CreateTable(
                name: "callable_bookings",
                columns: table => new
                {
                    booking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    provider_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    provider_service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callable_bookings", x => x.booking_id);
                });

            migrationBuilder.CreateTable(
                name: "callable_registrations",
                columns: table => new
                {
                    provider_service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: false),
                    expired = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_callable_registrations", x => x.provider_service_id);
                });

            migrationBuilder.CreateTable(
                name: "call_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_log_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    event_data = table.Column<string>(type: "jsonb", nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_call_events_call_logs_call_log_id",
                        column: x => x.call_log_id,
                        principalTable: "call_logs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_events_call_log_id",
                table: "call_events",
                column: "call_log_id");

            migrationBuilder.CreateIndex(
                name: "ix_call_logs_booking_id_created_at",
                table: "call_logs",
                columns: new[] { "booking_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_call_logs_call_sid",
                table: "call_logs",
                column: "call_sid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_callable_bookings_customer_user_id",
                table: "callable_bookings",
                column: "customer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_callable_bookings_provider_user_id",
                table: "callable_bookings",
                column: "provider_user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_events");

            migrationBuilder.DropTable(
                name: "callable_bookings");

            migrationBuilder.DropTable(
                name: "callable_registrations");

            migrationBuilder.DropTable(
                name: "call_logs");
        }
    }
}
