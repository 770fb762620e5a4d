/** Types of the `member` cloud function (who I am, invites, joining, the roll, roles); pages call it as `api.member.<action>(input)`. */

export type {
  CreateInviteOutput,
  GetMeOutput,
  JoinBranchOutput,
  ListBranchesOutput,
  ListMembersOutput,
  MemberView,
} from '../../contracts/member.contract'
