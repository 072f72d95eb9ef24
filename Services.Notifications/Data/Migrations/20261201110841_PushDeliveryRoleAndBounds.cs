using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class PushDeliveryRoleAndBounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "token",
                table: "push_tokens",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "role",
                table: "push_tokens",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "token",
                table: "push_deliveries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "role",
                table: "push_deliveries",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "user");

            // Queued pushes take the role (the app) of the token they were queued for.
            migrationBuilder.Sql("UPDATE push_deliveries d SET role = t.role FROM push_tokens t WHERE t.token = d.token AND d.role <> t.role;");

            migrationBuilder.AddColumn<bool>(
                name: "sign_out_notice",
                table: "push_deliveries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_push_tokens_device_info_size",
                table: "push_tokens",
                sql: "length(device_info::text) <= 8192");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_push_tokens_device_info_size",
                table: "push_tokens");

            migrationBuilder.DropColumn(
                name: "role",
                table: "push_deliveries");

            migrationBuilder.DropColumn(
                name: "sign_out_notice",
                table: "push_deliveries");

            migrationBuilder.AlterColumn<string>(
                name: "token",
                table: "push_tokens",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);

            migrationBuilder.AlterColumn<string>(
                name: "role",
                table: "push_tokens",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AlterColumn<string>(
                name: "token",
                table: "push_deliveries",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);
        }
    }
}
