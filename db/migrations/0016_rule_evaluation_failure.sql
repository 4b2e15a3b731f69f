ALTER TABLE "rules" ADD COLUMN "eval_error" text;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "eval_failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "eval_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "surge_rules" ADD COLUMN "eval_error" text;--> statement-breakpoint
ALTER TABLE "surge_rules" ADD COLUMN "eval_failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "surge_rules" ADD COLUMN "eval_failed_at" timestamp with time zone;