using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BuildXpert.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaytmOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_payment_transactions_status",
                table: "payment_transactions");

            migrationBuilder.AlterColumn<string>(
                name: "transaction_id",
                table: "payment_transactions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "payment_transactions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "pending",
                oldClrType: typeof(string),
                oldType: "text",
                oldDefaultValue: "pending");

            migrationBuilder.AlterColumn<string>(
                name: "service_name",
                table: "payment_transactions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "payment_method",
                table: "payment_transactions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "paytm",
                oldClrType: typeof(string),
                oldType: "text",
                oldDefaultValue: "paytm");

            migrationBuilder.AlterColumn<string>(
                name: "order_id",
                table: "payment_transactions",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<int>(
                name: "check_attempts",
                table: "payment_transactions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "checkout_token_hash",
                table: "payment_transactions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "failure_reason",
                table: "payment_transactions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "gateway_response",
                table: "payment_transactions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ip_address",
                table: "payment_transactions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_check_at",
                table: "payment_transactions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "payment_transactions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "refunded_amount",
                table: "payment_transactions",
                type: "numeric(10,2)",
                precision: 10,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "risk_level",
                table: "payment_transactions",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "risk_score",
                table: "payment_transactions",
                type: "numeric(3,2)",
                precision: 3,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "txn_token",
                table: "payment_transactions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "txn_token_at",
                table: "payment_transactions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_agent",
                table: "payment_transactions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    completed = table.Column<bool>(type: "boolean", nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "payment_refunds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ref_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    order_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    paytm_refund_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    requested_by = table.Column<Guid>(type: "uuid", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_refunds", x => x.id);
                    table.CheckConstraint("ck_payment_refunds_status", "status IN ('pending','completed','failed')");
                });

            migrationBuilder.CreateTable(
                name: "paytm_api_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    api = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    order_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    http_status = table.Column<int>(type: "integer", nullable: true),
                    result_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    result_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paytm_api_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "paytm_notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    txn_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    payload = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: false),
                    confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paytm_notifications", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payment_transactions_next_check_at",
                table: "payment_transactions",
                column: "next_check_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ux_payment_transactions_open_labour",
                table: "payment_transactions",
                column: "user_id",
                unique: true,
                filter: "status = 'pending' AND purpose = 'labour_access'");

            migrationBuilder.CreateIndex(
                name: "ux_payment_transactions_open_registration",
                table: "payment_transactions",
                column: "provider_service_id",
                unique: true,
                filter: "status = 'pending' AND purpose = 'provider_registration'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_payment_transactions_amount",
                table: "payment_transactions",
                sql: "amount > 0 AND refunded_amount >= 0 AND refunded_amount <= amount");

            migrationBuilder.AddCheckConstraint(
                name: "ck_payment_transactions_purpose",
                table: "payment_transactions",
                sql: "purpose IN ('provider_registration','labour_access')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_payment_transactions_status",
                table: "payment_transactions",
                sql: "status IN ('pending','completed','failed','expired','refunded')");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_expires_at",
                table: "idempotency_keys",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_order_id",
                table: "payment_refunds",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_ref_id",
                table: "payment_refunds",
                column: "ref_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_paytm_api_calls_order_id_at",
                table: "paytm_api_calls",
                columns: new[] { "order_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_paytm_notifications_order_id_txn_id_status",
                table: "paytm_notifications",
                columns: new[] { "order_id", "txn_id", "status" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "payment_refunds");

            migrationBuilder.DropTable(
                name: "paytm_api_calls");

            migrationBuilder.DropTable(
                name: "paytm_notifications");

            migrationBuilder.DropIndex(
                name: "ix_payment_transactions_next_check_at",
                table: "payment_transactions");

            migrationBuilder.DropIndex(
                name: "ux_payment_transactions_open_labour",
                table: "payment_transactions");

            migrationBuilder.DropIndex(
                name: "ux_payment_transactions_open_registration",
                table: "payment_transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_payment_transactions_amount",
                table: "payment_transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_payment_transactions_purpose",
                table: "payment_transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_payment_transactions_status",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "check_attempts",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "checkout_token_hash",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "gateway_response",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "ip_address",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "next_check_at",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "refunded_amount",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "risk_level",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "risk_score",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "txn_token",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "txn_token_at",
                table: "payment_transactions");

            migrationBuilder.DropColumn(
                name: "user_agent",
                table: "payment_transactions");

            migrationBuilder.AlterColumn<string>(
                name: "transaction_id",
                table: "payment_transactions",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "payment_transactions",
                type: "text",
                nullable: false,
                defaultValue: "pending",
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldDefaultValue: "pending");

            migrationBuilder.AlterColumn<string>(
                name: "service_name",
                table: "payment_transactions",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "payment_method",
                table: "payment_transactions",
                type: "text",
                nullable: false,
                defaultValue: "paytm",
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldDefaultValue: "paytm");

            migrationBuilder.AlterColumn<string>(
                name: "order_id",
                table: "payment_transactions",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(50)",
                oldMaxLength: 50);

            migrationBuilder.AddCheckConstraint(
                name: "ck_payment_transactions_status",
                table: "payment_transactions",
                sql: "status IN ('pending','completed','failed','refunded')");
        }
    }
}
