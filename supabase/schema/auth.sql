-- Written by `make schema` from supabase/migrations; never edited by hand.

-- Our triggers on Supabase Auth's auth.users: what a sign-up there does here.

CREATE TRIGGER chat_admit_invited_user AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION chat_private.admit_invited_user();
