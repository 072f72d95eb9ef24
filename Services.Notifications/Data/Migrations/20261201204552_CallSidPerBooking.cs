using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallSidPerBooking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_call_logs_call_sid",
                table: "call_logs");

            migrationBuilder.CreateIndex(
                name: "ix_call_logs_booking_id_call_sid",
                table: "call_logs",
                columns: new[] { "booking_id", "call_sid" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_call_logs_booking_id_call_sid",
                table: "call_logs");

            migrationBuilder.CreateIndex(
                name: "ix_call_logs_call_sid",
                table: "call_logs",
                column: "call_sid",
                unique: true);
        }
    }
}
