ALTER TABLE "metrics" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rules" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "surge_rules" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;