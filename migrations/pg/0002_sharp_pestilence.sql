CREATE TABLE "installations" (
	"install_key" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"team_name" text,
	"enterprise_id" text,
	"enterprise_name" text,
	"is_enterprise_install" boolean NOT NULL,
	"url" text,
	"app_id" text,
	"bot_token" text NOT NULL,
	"bot_id" text NOT NULL,
	"bot_user_id" text NOT NULL,
	"bot_scopes" text NOT NULL,
	"bot_refresh_token" text,
	"bot_token_expires_at" timestamp (3) with time zone,
	"installer_user_id" text,
	"installed_at" timestamp (3) with time zone NOT NULL
);
