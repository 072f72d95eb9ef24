using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BuildXpert.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProtectedRotatingSigningKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Plaintext keys are retired, not re-encrypted: every old backup holds them, so they must stop being trusted.
            // The first start creates a protected key; access tokens signed before the upgrade fail once and are refreshed.
            migrationBuilder.Sql("DELETE FROM signing_keys;");

            migrationBuilder.DropColumn(
                name: "is_active",
                table: "signing_keys");

            migrationBuilder.DropColumn(
                name: "private_key",
                table: "signing_keys");

            migrationBuilder.AddColumn<int>(
                name: "generation",
                table: "signing_keys",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "protected_private_key",
                table: "signing_keys",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "signs_from",
                table: "signing_keys",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_signing_keys_generation",
                table: "signing_keys",
                column: "generation",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM signing_keys;");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropIndex(
                name: "ix_signing_keys_generation",
                table: "signing_keys");

            migrationBuilder.DropColumn(
                name: "generation",
                table: "signing_keys");

            migrationBuilder.DropColumn(
                name: "protected_private_key",
                table: "signing_keys");

            migrationBuilder.DropColumn(
                name: "signs_from",
                table: "signing_keys");

            migrationBuilder.AddColumn<bool>(
                name: "is_active",
                table: "signing_keys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "private_key",
                table: "signing_keys",
                type: "text",
                nullable: false,
                defaultValue: "");
        }
    }
}
