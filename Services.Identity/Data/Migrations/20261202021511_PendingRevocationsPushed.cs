using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingRevocationsPushed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "pushed",
                table: "pending_revocations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_pending_revocations_pushed",
                table: "pending_revocations",
                column: "pushed",
                filter: "NOT pushed");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pending_revocations_pushed",
                table: "pending_revocations");

            migrationBuilder.DropColumn(
                name: "pushed",
                table: "pending_revocations");
        }
    }
}
