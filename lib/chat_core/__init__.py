"""Shared layer of the chat Lambdas: config, the Supabase client, models, services, errors."""
