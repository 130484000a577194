"""Project tooling that is not the Supabase/AWS imitation: signing keys, the OpenAPI document,
the pages' build and their deploy-time publisher."""
